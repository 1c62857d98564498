package dev.agentwatch.schema.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.MetricEvent;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry client against the real registry (Apicurio's Confluent-compatible API, BACKWARD by default). */
@WithLocalKafka
class HttpSchemaRegistryClientTest {

    private final LocalKafka kafka;
    private final HttpSchemaRegistryClient client;

    HttpSchemaRegistryClientTest(LocalKafka kafka) {
        this.kafka = kafka;
        this.client = new HttpSchemaRegistryClient(SchemaRegistryClientConfig.of(kafka.schemaRegistryUrl()));
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void instancesRegisteringTheSameSchemaAtOnceAllGetItsId() throws Exception {
        // Streams instances registering AlertEvent at their first alert, all at once: Apicurio answered one of them
        // 409 "already exists", which read as incompatible and failed a stream thread.
        for (int round = 0; round < 5; round++) {
            String subject = kafka.uniqueName("race") + "-value";
            int clients = 8;
            var barrier = new java.util.concurrent.CyclicBarrier(clients);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
            try {
                var ids = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
                for (int c = 0; c < clients; c++) {
                    ids.add(pool.submit(() -> {
                        try (var own = new HttpSchemaRegistryClient(SchemaRegistryClientConfig.of(kafka.schemaRegistryUrl()))) {
                            barrier.await();
                            return own.register(subject, MetricEvent.getClassSchema());
                        }
                    }));
                }
                java.util.Set<Integer> distinct = new java.util.HashSet<>();
                for (var id : ids) {
                    distinct.add(id.get());
                }
                assertThat(distinct).hasSize(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void registersLooksUpAndFetchesById() {
        String subject = kafka.uniqueName("metrics") + "-value";
        int id = client.register(subject, MetricEvent.getClassSchema());
        assertThat(client.register(subject, MetricEvent.getClassSchema())).isEqualTo(id);

        // A fresh client has no cache: every answer below comes from the registry.
        try (var fresh = new HttpSchemaRegistryClient(SchemaRegistryClientConfig.of(kafka.schemaRegistryUrl()))) {
            assertThat(fresh.register(subject, MetricEvent.getClassSchema())).isEqualTo(id);
            assertThat(fresh.idOf(subject, MetricEvent.getClassSchema())).isEqualTo(id);
            assertThat(fresh.schemaById(id)).isEqualTo(MetricEvent.getClassSchema());
            RegisteredSchema latest = fresh.latest(subject);
            assertThat(latest.id()).isEqualTo(id);
            assertThat(latest.version()).isEqualTo(1);
            assertThat(latest.subject()).isEqualTo(subject);
            assertThat(latest.schema()).isEqualTo(MetricEvent.getClassSchema());
        }
    }

    @Test
    void missingThingsHaveTheirOwnExceptions() {
        String subject = kafka.uniqueName("nothing") + "-value";
        assertThatThrownBy(() -> client.schemaById(Integer.MAX_VALUE - 7))
                .isInstanceOfSatisfying(UnknownSchemaIdException.class, e -> {
                    assertThat(e.schemaId()).isEqualTo(Integer.MAX_VALUE - 7);
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40403);
                    assertThat(e.isRetriable()).isFalse();
                })
                .hasMessageContaining(kafka.schemaRegistryUrl() + "/schemas/ids/" + (Integer.MAX_VALUE - 7));
        assertThatThrownBy(() -> client.latest(subject))
                .isInstanceOfSatisfying(SubjectNotFoundException.class, e -> assertThat(e.subject()).isEqualTo(subject))
                .hasMessageContaining(subject);
        assertThatThrownBy(() -> client.idOf(subject, MetricEvent.getClassSchema()))
                .isInstanceOf(SchemaNotRegisteredException.class)
                .hasMessageContaining(subject);
    }

    @Test
    void incompatibleChangeIsRefusedAndCompatibleOneAccepted() {
        String subject = kafka.uniqueName("evolving") + "-value";
        Schema v1 = SchemaBuilder.record("Evolving").namespace("dev.agentwatch.test").fields()
                .requiredString("a").endRecord();
        Schema requiredAdded = SchemaBuilder.record("Evolving").namespace("dev.agentwatch.test").fields()
                .requiredString("a").requiredLong("must_have").endRecord();
        Schema optionalAdded = SchemaBuilder.record("Evolving").namespace("dev.agentwatch.test").fields()
                .requiredString("a").optionalLong("nice_to_have").endRecord();
        int v1Id = client.register(subject, v1);

        // BACKWARD: a v2 reader must read v1 data, which has no value for a required field without default.
        assertThat(client.testCompatibility(subject, requiredAdded).compatible()).isFalse();
        assertThatThrownBy(() -> client.register(subject, requiredAdded))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                    assertThat(e.subject()).isEqualTo(subject);
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.registryMessage()).contains("must_have");
                })
                .hasMessageContaining("subject '" + subject + "'")
                .hasMessageContaining("incompatible")
                .hasMessageContaining(kafka.schemaRegistryUrl());

        CompatibilityResult ok = client.testCompatibility(subject, optionalAdded);
        assertThat(ok.compatible()).isTrue();
        int v2Id = client.register(subject, optionalAdded);
        assertThat(v2Id).isNotEqualTo(v1Id);
        RegisteredSchema latest = client.latest(subject);
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.id()).isEqualTo(v2Id);
        assertThat(client.schemaById(v1Id)).isEqualTo(v1);
    }

    @Test
    void anySchemaIsCompatibleWithASubjectWithoutVersions() {
        CompatibilityResult result =
                client.testCompatibility(kafka.uniqueName("fresh") + "-value", MetricEvent.getClassSchema());
        assertThat(result.compatible()).isTrue();
    }

    @Test
    void subjectCompatibilityCanBeReadAndSet() {
        String subject = kafka.uniqueName("configured") + "-value";
        client.register(subject, MetricEvent.getClassSchema());
        client.setCompatibility(subject, CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(client.compatibility(subject)).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        client.setCompatibility(subject, CompatibilityLevel.BACKWARD);
        assertThat(client.compatibility(subject)).isEqualTo(CompatibilityLevel.BACKWARD);
        // Apicurio 2.4 answers NONE here although its global rule is BACKWARD: it reports only rules set via
        // this API. So assert only that the answer parses.
        assertThat(client.globalCompatibility()).isNotNull();
    }

    @Test
    void latestIsCachedForItsTtl() {
        String subject = kafka.uniqueName("cached") + "-value";
        Schema v1 = SchemaBuilder.record("Cached").fields().requiredString("a").endRecord();
        Schema v2 = SchemaBuilder.record("Cached").fields().requiredString("a").optionalString("b").endRecord();
        client.register(subject, v1);
        try (var longTtl = clientWithTtl(3600); var noTtl = clientWithTtl(0)) {
            assertThat(longTtl.latest(subject).version()).isEqualTo(1);
            assertThat(noTtl.latest(subject).version()).isEqualTo(1);
            client.register(subject, v2); // through another client: longTtl cannot know
            assertThat(longTtl.latest(subject).version()).isEqualTo(1);
            assertThat(noTtl.latest(subject).version()).isEqualTo(2);
        }
    }

    private HttpSchemaRegistryClient clientWithTtl(int seconds) {
        return new HttpSchemaRegistryClient(SchemaRegistryClientConfig.fromConfigs(Map.of(
                "schema.registry.url", kafka.schemaRegistryUrl(), "latest.cache.ttl.sec", seconds)));
    }
}
