package dev.agentwatch.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A copy of a record with some components replaced by name. The benchmark overrides a few of StreamsSettings'
 * components and must keep all the others as the app reads them, including ones added later.
 */
final class RecordCopy {

    private RecordCopy() {
    }

    static <R extends Record> R with(R record, Map<String, Object> replacements) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        Set<String> unused = new HashSet<>(replacements.keySet());
        try {
            for (int i = 0; i < components.length; i++) {
                String name = components[i].getName();
                types[i] = components[i].getType();
                values[i] = unused.remove(name) ? replacements.get(name) : components[i].getAccessor().invoke(record);
            }
            if (!unused.isEmpty()) {
                throw new IllegalStateException(record.getClass().getSimpleName() + " has no component(s) " + unused
                        + "; update the benchmark");
            }
            @SuppressWarnings("unchecked")
            Constructor<R> canonical = (Constructor<R>) record.getClass().getDeclaredConstructor(types);
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + record.getClass().getSimpleName() + ": " + e, e);
        }
    }
}
