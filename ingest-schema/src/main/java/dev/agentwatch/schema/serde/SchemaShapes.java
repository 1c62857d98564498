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
}
