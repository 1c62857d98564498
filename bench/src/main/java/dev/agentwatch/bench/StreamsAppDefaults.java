package dev.agentwatch.bench;

import dev.agentwatch.streams.StreamsAppMain;
import dev.agentwatch.streams.StreamsSettings;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * What StreamsAppMain runs with, read from StreamsAppMain itself so the benchmark measures exactly the shipped
 * configuration: its window lengths and its KafkaStreams properties. Both are package-private there, hence
 * reflection (plain classpath, no modules, so access is allowed); a rename fails loudly here instead of letting
 * the benchmark drift from the app.
 */
final class StreamsAppDefaults {

    private StreamsAppDefaults() {
    }

    @SuppressWarnings("unchecked")
    static List<Duration> windows() {
        try {
            Field f = StreamsAppMain.class.getDeclaredField("DEFAULT_WINDOWS");
            f.setAccessible(true);
            return (List<Duration>) f.get(null);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("StreamsAppMain.DEFAULT_WINDOWS is gone or changed type; update the benchmark", e);
        }
    }

    static Properties properties(StreamsSettings settings) {
        try {
            Method m = StreamsAppMain.class.getDeclaredMethod("streamsProperties", StreamsSettings.class);
            m.setAccessible(true);
            return (Properties) m.invoke(null, settings);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("StreamsAppMain.streamsProperties(StreamsSettings) is gone or changed; "
                    + "update the benchmark", e);
        }
    }
}
