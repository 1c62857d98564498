package dev.agentwatch.localcluster.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** Every LocalKafka the test classes of this JVM were given; there must only ever be one. */
final class SharedInstances {

    private static final Set<LocalKafka> SEEN = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    private SharedInstances() {
    }

    static void record(LocalKafka kafka) {
        SEEN.add(kafka);
        assertThat(SEEN).as("one broker and registry for all test classes").hasSize(1);
    }
}
