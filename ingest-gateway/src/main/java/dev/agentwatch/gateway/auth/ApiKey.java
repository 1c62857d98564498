package dev.agentwatch.gateway.auth;

import java.util.Optional;
import java.util.Set;

/**
 * One configured API key, known only by the SHA-256 of its secret, and the fleets its events may name.
 * {@code *} allows every fleet (and events without one).
 *
 * @param name   how logs and metrics name the key; never the secret
 * @param fleets the fleets allowed, or {@code {"*"}}
 */
public record ApiKey(String name, Set<String> fleets) {

    public static final String ANY_FLEET = "*";

    public ApiKey {
        fleets = Set.copyOf(fleets);
    }

    public boolean allowsEveryFleet() {
        return fleets.contains(ANY_FLEET);
    }

    /** Whether an event naming this fleet (null: none) may be sent with this key. */
    public boolean allows(String fleet) {
        return allowsEveryFleet() || (fleet != null && fleets.contains(fleet));
    }

    /**
     * The fleet stamped on an event that names none: the key's one fleet, when it is allowed exactly one; a key
     * for several fleets (or every fleet) stamps nothing.
     */
    public Optional<String> defaultFleet() {
        return !allowsEveryFleet() && fleets.size() == 1 ? Optional.of(fleets.iterator().next()) : Optional.empty();
    }
}
