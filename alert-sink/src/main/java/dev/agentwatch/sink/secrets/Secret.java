package dev.agentwatch.sink.secrets;

import java.net.URI;
import java.util.Objects;

/**
 * A webhook URL or routing key. Its {@link #toString()} never shows the value, so a secret that slips into a log
 * call or an exception message stays hidden; the value itself is handed out only by {@link #reveal()}, which the
 * HTTP layer calls when it builds a request. Every secret registers itself with {@link Redactor}, so text that
 * came from outside (an HTTP library's exception message) can be scrubbed as well.
 */
public final class Secret {

    private final String value;
    private final String origin;

    private Secret(String value, String origin) {
        this.value = value;
        this.origin = origin;
    }

    /** @param origin where it came from, safe to print, e.g. {@code env SLACK_WEBHOOK_URL} */
    public static Secret of(String value, String origin) {
        Objects.requireNonNull(value, "value");
        Redactor.register(value);
        // The path of a webhook URL is the secret part (Slack's /services/T/B/X); libraries may print just it.
        try {
            URI uri = URI.create(value);
            if (uri.getRawPath() != null && uri.getRawPath().length() > 8) {
                Redactor.register(uri.getRawPath());
            }
        } catch (IllegalArgumentException notAUri) {
            // A routing key is no URI; registering the whole value is enough.
        }
        return new Secret(value, origin);
    }

    /** The value, for building a request. Never log it. */
    public String reveal() {
        return value;
    }

    /** Where the value came from (an environment variable or file name), never the value. */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "Secret[" + origin + ", redacted]";
    }

    /** Two secrets are the same endpoint when their values are equal (used to share a rate limit). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
