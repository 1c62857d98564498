package dev.agentwatch.localcluster.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A second class using the extension: it must get the same broker and registry, not start new ones. */
@WithLocalKafka
class SecondTestClassTest {

    private static LocalKafka fromBeforeAll;

    @BeforeAll
    static void resolveInLifecycleMethod(LocalKafka kafka) {
        fromBeforeAll = kafka;
        SharedInstances.record(kafka);
    }

    @Test
    void sharesTheInstanceAcrossClasses(LocalKafka kafka) {
        assertThat(kafka).isSameAs(fromBeforeAll);
        String topic = kafka.uniqueName("second");
        kafka.createTopic(topic, 2, Map.of());
    }
}
