package dev.agentwatch.schema.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Confluent's compatibility rules as a registry applies them to a subject's next version, on Avro's own
 * reader/writer check: BACKWARD means the new schema reads data of the old, FORWARD the old reads data of the new,
 * FULL both; the plain rules compare with the latest version, the transitive ones with every version.
 */
final class CompatibilityRules {

    private CompatibilityRules() {}

    /**
     * Why the candidate may not follow the versions, one message per refusing version; empty when it may.
     *
     * @param versions the subject's schemas, oldest first
     */
    static List<String> refusals(CompatibilityLevel level, Schema candidate, List<Schema> versions) {
        if (level == CompatibilityLevel.NONE || versions.isEmpty()) {
            return List.of();
        }
        boolean transitive = level.name().endsWith("_TRANSITIVE");
        boolean backward = level.name().startsWith("BACKWARD") || level.name().startsWith("FULL");
        boolean forward = level.name().startsWith("FORWARD") || level.name().startsWith("FULL");
        int first = transitive ? 0 : versions.size() - 1;
        List<String> refusals = new ArrayList<>();
        for (int i = first; i < versions.size(); i++) {
            Schema old = versions.get(i);
            if (backward) {
                refuseUnless(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old),
                        level + ": the new schema cannot read version " + (i + 1), refusals);
            }
            if (forward) {
                refuseUnless(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate),
                        level + ": version " + (i + 1) + " cannot read the new schema", refusals);
            }
        }
        return refusals;
    }

    private static void refuseUnless(SchemaPairCompatibility pair, String what, List<String> refusals) {
        if (pair.getType() != SchemaCompatibilityType.COMPATIBLE) {
            refusals.add(what + ": " + SchemaIncompatibilities.describe(pair));
        }
    }
}
