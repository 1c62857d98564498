package dev.agentwatch.localcluster.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a real Kafka broker and a real schema registry, shared by every test class of the JVM:
 * declare a {@link LocalKafka} parameter (constructor, lifecycle or test method) to reach them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LocalKafkaExtension.class)
public @interface WithLocalKafka {
}
