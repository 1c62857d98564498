package dev.agentwatch.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code GET /api/agents} was asked: filters ({@code fleet}, {@code model}, {@code status}, {@code label=k=v},
 * each repeatable and OR-ed within a name, AND-ed across names), {@code sort} by any numeric field of the answer or
 * {@code name}/{@code status}/{@code last_seen} ({@code -field} for descending; unknown values last either way) and
 * {@code limit}. Filters apply where the agents are, ordering and limit again after merging the instances'
 * answers, so the top N of the fleet is the top N of the instances' top N.
 */
public final class FleetQuery {

    /** Fields the answer can be sorted by besides its numbers. */
    private static final Set<String> TEXT_SORTS = Set.of("name", "status", "fleet", "model", "version");

    private final List<String> fleets;
    private final List<String> models;
    private final List<AgentSnapshot.Status> statuses;
    private final Map<String, List<String>> labels;
    private final String sortField;
    private final boolean descending;
    private final int limit;

    private FleetQuery(List<String> fleets, List<String> models, List<AgentSnapshot.Status> statuses,
                       Map<String, List<String>> labels, String sortField, boolean descending, int limit) {
        this.fleets = fleets;
        this.models = models;
        this.statuses = statuses;
        this.labels = labels;
        this.sortField = sortField;
        this.descending = descending;
        this.limit = limit;
    }

    public static FleetQuery all() {
        return new FleetQuery(List.of(), List.of(), List.of(), Map.of(), "name", false, Integer.MAX_VALUE);
    }

    /**
     * @param params query parameters, each with every value given
     * @throws IllegalArgumentException naming the parameter that is wrong and what it takes
     */
    public static FleetQuery parse(Map<String, List<String>> params) {
        for (String name : params.keySet()) {
            if (!Set.of("fleet", "model", "status", "label", "sort", "limit", "scope").contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name
                        + "' (fleet, model, status, label=key=value, sort, limit)");
            }
        }
        List<AgentSnapshot.Status> statuses = new ArrayList<>();
        for (String s : params.getOrDefault("status", List.of())) {
            statuses.add(AgentSnapshot.Status.ofWire(s));
        }
        Map<String, List<String>> labels = new LinkedHashMap<>();
        for (String l : params.getOrDefault("label", List.of())) {
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("label: expected key=value, got '" + l + "'");
            }
            labels.computeIfAbsent(l.substring(0, eq), k -> new ArrayList<>()).add(l.substring(eq + 1));
        }
        String sort = single(params, "sort", "name");
        boolean desc = sort.startsWith("-");
        String field = desc ? sort.substring(1) : sort;
        if (!TEXT_SORTS.contains(field) && !FleetJson.NUMBERS.contains(field)) {
            throw new IllegalArgumentException("sort: unknown field '" + field + "' (name, status, fleet, model, version, "
                    + String.join(", ", FleetJson.NUMBERS) + "; -field for descending)");
        }
        int limit = Integer.MAX_VALUE;
        String l = single(params, "limit", null);
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1) {
                throw new IllegalArgumentException("limit: expected a positive whole number, got '" + l + "'");
            }
        }
        return new FleetQuery(List.copyOf(params.getOrDefault("fleet", List.of())),
                List.copyOf(params.getOrDefault("model", List.of())), List.copyOf(statuses), labels, field, desc, limit);
    }

    /** The same query for one fleet only (an {@code X-Fleet-ID} header scopes the answer). */
    public FleetQuery inFleet(String fleet) {
        return new FleetQuery(List.of(fleet), models, statuses, labels, sortField, descending, limit);
    }

    public boolean matches(AgentSnapshot s) {
        if (!fleets.isEmpty() && !in(fleets, s.fleet())) {
            return false;
        }
        if (!models.isEmpty() && !in(models, s.model())) {
            return false;
        }
        if (!statuses.isEmpty() && !statuses.contains(s.status())) {
            return false;
        }
        for (Map.Entry<String, List<String>> l : labels.entrySet()) {
            if (!in(l.getValue(), s.labels().get(l.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** An agent without the field (null) matches no value asked for. */
    private static boolean in(List<String> wanted, String value) {
        return value != null && wanted.contains(value);
    }

    /** Sorts the rendered agents (one instance's or the merged fleet's) and keeps the first {@code limit}. */
    public List<ObjectNode> order(List<ObjectNode> agents) {
        List<ObjectNode> sorted = new ArrayList<>(agents);
        sorted.sort(comparator());
        return sorted.size() > limit ? List.copyOf(sorted.subList(0, limit)) : sorted;
    }

    private Comparator<ObjectNode> comparator() {
        Comparator<ObjectNode> byName = Comparator.comparing(n -> n.path("name").asText());
        Comparator<ObjectNode> primary;
        if (sortField.equals("status")) {
            primary = Comparator.comparingInt(n -> AgentSnapshot.Status.ofWire(n.path("status").asText()).ordinal());
            primary = descending ? primary.reversed() : primary;
        } else if (TEXT_SORTS.contains(sortField)) {
            Comparator<String> text = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
            primary = Comparator.comparing(n -> textOf(n.get(sortField)), Comparator.nullsLast(text));
        } else {
            Comparator<Double> number = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
            primary = Comparator.comparing(n -> numberOf(n.get(sortField)), Comparator.nullsLast(number));
        }
        return primary.thenComparing(byName);
    }

    private static String textOf(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Double numberOf(JsonNode n) {
        return n == null || !n.isNumber() ? null : n.asDouble();
    }

    private static String single(Map<String, List<String>> params, String name, String otherwise) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty()) {
            return otherwise;
        }
        if (v.size() > 1) {
            throw new IllegalArgumentException(name + ": given " + v.size() + " times, takes one value");
        }
        return v.get(0);
    }
}
