package dev.agentwatch.schema.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.MetricEvent;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** The in-memory registry answers as the real one does (see HttpSchemaRegistryClientTest for the same cases). */
class InMemorySchemaRegistryClientTest {

    private static final Schema V1 = evolving().requiredString("a").endRecord();
    private static final Schema REQUIRED_ADDED = evolving().requiredString("a").requiredLong("must_have").endRecord();
    private static final Schema OPTIONAL_ADDED = evolving().requiredString("a").optionalLong("nice_to_have").endRecord();
    private static final Schema A_DROPPED = evolving().optionalLong("nice_to_have").endRecord();

    private final InMemorySchemaRegistryClient client = new InMemorySchemaRegistryClient("mock://unit");

    @Test
    void registersLooksUpAndFetchesById() {
        int id = client.register("metrics-value", MetricEvent.getClassSchema());
        assertThat(client.register("metrics-value", MetricEvent.getClassSchema())).isEqualTo(id);
        assertThat(client.idOf("metrics-value", MetricEvent.getClassSchema())).isEqualTo(id);
        assertThat(client.schemaById(id)).isEqualTo(MetricEvent.getClassSchema());
        assertThat(client.latest("metrics-value")).isEqualTo(
                new RegisteredSchema("metrics-value", id, 1, MetricEvent.getClassSchema()));
    }

    @Test
    void anIdNamesOneSchemaWhicheverSubjectsHoldIt() {
        int metrics = client.register("a-value", MetricEvent.getClassSchema());
        int alerts = client.register("b-value", AlertEvent.getClassSchema());
        assertThat(alerts).isNotEqualTo(metrics);
        assertThat(client.register("c-value", MetricEvent.getClassSchema())).isEqualTo(metrics);
        assertThat(client.latest("c-value").version()).isEqualTo(1);
        assertThat(client.schemaById(alerts)).isEqualTo(AlertEvent.getClassSchema());
    }

    @Test
    void missingThingsHaveTheRealRegistrysExceptions() {
        assertThatThrownBy(() -> client.schemaById(4242))
                .isInstanceOfSatisfying(UnknownSchemaIdException.class, e -> {
                    assertThat(e.schemaId()).isEqualTo(4242);
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40403);
                    assertThat(e.isRetriable()).isFalse();
                })
                .hasMessageContaining("mock://unit").hasMessageContaining("4242");
        assertThatThrownBy(() -> client.latest("nothing-value"))
                .isInstanceOfSatisfying(SubjectNotFoundException.class, e -> assertThat(e.subject()).isEqualTo("nothing-value"));
        assertThatThrownBy(() -> client.idOf("nothing-value", MetricEvent.getClassSchema()))
                .isInstanceOf(SchemaNotRegisteredException.class).hasMessageContaining("nothing-value");
        client.register("one-value", V1);
        assertThatThrownBy(() -> client.idOf("one-value", OPTIONAL_ADDED))
                .isInstanceOfSatisfying(SchemaNotRegisteredException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> client.register(" ", V1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void backwardByDefaultRefusesARequiredFieldAndTakesAnOptionalOne() {
        int v1 = client.register("evolving-value", V1);
        assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);

        CompatibilityResult refused = client.testCompatibility("evolving-value", REQUIRED_ADDED);
        assertThat(refused.compatible()).isFalse();
        assertThat(refused.messages()).singleElement().asString().contains("must_have");
        assertThatThrownBy(() -> client.register("evolving-value", REQUIRED_ADDED))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                    assertThat(e.subject()).isEqualTo("evolving-value");
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.registryMessage()).contains("must_have");
                })
                .hasMessageContaining("subject 'evolving-value'").hasMessageContaining("incompatible");

        assertThat(client.testCompatibility("evolving-value", OPTIONAL_ADDED).compatible()).isTrue();
        int v2 = client.register("evolving-value", OPTIONAL_ADDED);
        assertThat(v2).isNotEqualTo(v1);
        assertThat(client.latest("evolving-value")).isEqualTo(new RegisteredSchema("evolving-value", v2, 2, OPTIONAL_ADDED));
        assertThat(client.schemaById(v1)).isEqualTo(V1);
        assertThat(client.register("evolving-value", V1)).as("an older version is still registered").isEqualTo(v1);
    }

    @Test
    void transitiveRulesCompareWithEveryVersionAndPlainOnesWithTheLatest() {
        client.register("forward-value", OPTIONAL_ADDED);
        assertThat(client.testCompatibility("forward-value", A_DROPPED).compatible())
                .as("BACKWARD: the new schema reads old data, ignoring a").isTrue();
        client.setCompatibility("forward-value", CompatibilityLevel.FORWARD);
        assertThat(client.testCompatibility("forward-value", A_DROPPED).compatible())
                .as("FORWARD: the latest version cannot read new data, which lacks a").isFalse();

        client.register("transitive-value", V1);
        client.setCompatibility("transitive-value", CompatibilityLevel.NONE);
        client.register("transitive-value", REQUIRED_ADDED);
        Schema bothAdded = evolving().requiredString("a").requiredLong("must_have").optionalLong("nice_to_have").endRecord();
        client.setCompatibility("transitive-value", CompatibilityLevel.BACKWARD);
        assertThat(client.testCompatibility("transitive-value", bothAdded).compatible())
                .as("BACKWARD: reads the latest version's data").isTrue();
        client.setCompatibility("transitive-value", CompatibilityLevel.BACKWARD_TRANSITIVE);
        CompatibilityResult transitive = client.testCompatibility("transitive-value", bothAdded);
        assertThat(transitive.compatible()).as("cannot read version 1, which lacks must_have").isFalse();
        assertThat(transitive.messages()).singleElement().asString().contains("version 1").contains("must_have");
        client.setCompatibility("transitive-value", CompatibilityLevel.FULL);
        assertThat(client.testCompatibility("transitive-value", bothAdded).compatible()).isTrue();
    }

    @Test
    void compatibilityIsPerSubjectOverTheGlobalRule() {
        client.setGlobalCompatibility(CompatibilityLevel.NONE);
        assertThat(client.compatibility("any-value")).isEqualTo(CompatibilityLevel.NONE);
        client.setCompatibility("strict-value", CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(client.compatibility("strict-value")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        client.register("any-value", V1);
        assertThat(client.register("any-value", REQUIRED_ADDED)).isPositive();
        assertThat(client.testCompatibility("fresh-value", REQUIRED_ADDED).compatible())
                .as("a subject without versions takes anything").isTrue();
    }

    @Test
    void clearForgetsEverythingAndNeverHandsAnOldIdToAnotherSchema() {
        int before = client.register("cleared-value", MetricEvent.getClassSchema());
        client.setGlobalCompatibility(CompatibilityLevel.NONE);
        client.clear();
        assertThatThrownBy(() -> client.schemaById(before)).isInstanceOf(UnknownSchemaIdException.class);
        assertThatThrownBy(() -> client.latest("cleared-value")).isInstanceOf(SubjectNotFoundException.class);
        assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(client.register("other-value", AlertEvent.getClassSchema())).isNotEqualTo(before);
        client.close();
        assertThat(client.register("cleared-value", MetricEvent.getClassSchema())).as("usable after close").isPositive();
    }

    @Test
    void clientsRegisteringTheSameSchemaAtOnceAllGetItsId() throws Exception {
        int clients = 8;
        var barrier = new CyclicBarrier(clients);
        var pool = Executors.newFixedThreadPool(clients);
        try {
            var ids = new java.util.ArrayList<Future<Integer>>();
            for (int c = 0; c < clients; c++) {
                ids.add(pool.submit(() -> {
                    barrier.await();
                    return client.register("race-value", MetricEvent.getClassSchema());
                }));
            }
            Set<Integer> distinct = new HashSet<>();
            for (var id : ids) {
                distinct.add(id.get());
            }
            assertThat(distinct).hasSize(1);
            assertThat(client.latest("race-value").version()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static SchemaBuilder.FieldAssembler<Schema> evolving() {
        return SchemaBuilder.record("Evolving").namespace("dev.agentwatch.test").fields();
    }
}
