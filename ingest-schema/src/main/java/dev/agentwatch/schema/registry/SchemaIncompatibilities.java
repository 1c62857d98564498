package dev.agentwatch.schema.registry;

import java.util.stream.Collectors;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** Short, readable account of why a reader schema cannot read a writer schema. */
public final class SchemaIncompatibilities {

    private static final int MAX_LISTED = 5;

    private SchemaIncompatibilities() {}

    public static String describe(SchemaPairCompatibility compatibility) {
        var incompatibilities = compatibility.getResult().getIncompatibilities();
        String listed = incompatibilities.stream()
                .limit(MAX_LISTED)
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .collect(Collectors.joining("; "));
        int more = incompatibilities.size() - MAX_LISTED;
        return more > 0 ? listed + "; and " + more + " more" : listed;
    }
}
