package dev.agentwatch.schema.serde;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.avro.Schema;

/** Facts about a schema's binary encoding that the bounded decoder relies on, computed once per writer schema. */
final class SchemaShapes {

    private SchemaShapes() {}

    /**
     * Whether every array item in the schema takes at least one byte when encoded. Then an array block of n
     * items needs at least n bytes, which lets the decoder reject absurd counts before allocating. (Items of
     * type null, fixed(0) or records of only such fields take none, so their counts cannot be bounded.)
     */
    static boolean arrayItemsTakeBytes(Schema schema) {
        return arrayItemsTakeBytes(schema, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static boolean arrayItemsTakeBytes(Schema schema, Set<Schema> seen) {
        if (!seen.add(schema)) {
            return true; // recursion: the first visit answers for it
        }
        switch (schema.getType()) {
            case ARRAY:
                return !mayBeEmpty(schema.getElementType(), Collections.newSetFromMap(new IdentityHashMap<>()))
                        && arrayItemsTakeBytes(schema.getElementType(), seen);
            case MAP:
                return arrayItemsTakeBytes(schema.getValueType(), seen);
            case UNION:
                return schema.getTypes().stream().allMatch(branch -> arrayItemsTakeBytes(branch, seen));
            case RECORD:
                return schema.getFields().stream().allMatch(field -> arrayItemsTakeBytes(field.schema(), seen));
            default:
                return true;
        }
    }

    /** Whether a value of this schema can be encoded in zero bytes. */
    private static boolean mayBeEmpty(Schema schema, Set<Schema> seen) {
        switch (schema.getType()) {
            case NULL:
                return true;
            case FIXED:
                return schema.getFixedSize() == 0;
            case RECORD:
                if (!seen.add(schema)) {
                    return false; // a record that contains itself needs a union (>= 1 byte) to end
                }
                return schema.getFields().stream().allMatch(field -> mayBeEmpty(field.schema(), seen));
            default:
                return false; // unions, arrays and maps write at least an index or a count
        }
    }

    /**
     * Whether a record of the schema can contain itself. Reading or skipping such data recurses once per level,
     * so a payload nested deep enough overflows the stack; no metric event needs it.
     */
    static boolean isRecursive(Schema schema) {
        return isRecursive(schema, Collections.newSetFromMap(new IdentityHashMap<>()),
                Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static boolean isRecursive(Schema schema, Set<Schema> onPath, Set<Schema> done) {
        switch (schema.getType()) {
            case RECORD:
                if (onPath.contains(schema)) {
                    return true;
                }
                if (!done.add(schema)) {
                    return false; // met before, elsewhere in the tree: already checked
                }
                onPath.add(schema);
                for (Schema.Field field : schema.getFields()) {
                    if (isRecursive(field.schema(), onPath, done)) {
                        return true;
                    }
                }
                onPath.remove(schema);
                return false;
            case ARRAY:
                return isRecursive(schema.getElementType(), onPath, done);
            case MAP:
                return isRecursive(schema.getValueType(), onPath, done);
            case UNION:
                for (Schema branch : schema.getTypes()) {
                    if (isRecursive(branch, onPath, done)) {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }
}
