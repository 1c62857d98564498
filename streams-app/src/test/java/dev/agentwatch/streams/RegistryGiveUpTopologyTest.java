package dev.agentwatch.streams;

import com.sun.net.httpserver.HttpServer;
import dev.agentwatch.schema.serde.WireFormat;
import dev.agentwatch.schema.serde.WriterSchemaUnavailableException;
import dev.agentwatch.topics.DeadLetterHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A registry that keeps failing for one schema id (HTTP 500 for it, however often asked): its records are retried
 * like any outage at first, and dead-lettered once the failures have lasted ten minutes, instead of stalling the
 * partition for good.
 */
class RegistryGiveUpTopologyTest {

    private static final long T0 = 1_704_067_200_000L;
    private HttpServer registry;
    private TopologyTestDriver driver;

    @BeforeEach
    void start() throws Exception {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/", exchange -> {
            byte[] body = "{\"error_code\":50001,\"message\":\"internal error\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registry.start();
        StreamsSettings settings = TestSettings.of("unused:9092", "http://127.0.0.1:" + registry.getAddress().getPort(),
                "give-up", TestSettings.prices());
        TopologyFixture fixture = new TopologyFixture(settings, (b, c) -> { });
        driver = new TopologyTestDriver(fixture.topology, StreamsAppMain.streamsProperties(settings, fixture.counters),
                Instant.ofEpochMilli(T0));
        metrics = driver.createInputTopic(settings.topics().metrics(), new ByteArraySerializer(), new ByteArraySerializer());
        dlq = driver.createOutputTopic(settings.topics().metricsDlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private org.apache.kafka.streams.TestInputTopic<byte[], byte[]> metrics;
    private org.apache.kafka.streams.TestOutputTopic<byte[], byte[]> dlq;

    @AfterEach
    void stop() {
        driver.close();
        registry.stop(0);
    }

    @Test
    void recordsOfASchemaIdTheRegistryKeepsFailingForAreDeadLetteredAfterTenMinutes() {
        byte[] payload = new byte[WireFormat.HEADER_SIZE + 1];
        WireFormat.writeHeader(4242, payload, 0);
        byte[] key = "a".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> metrics.pipeInput(key, payload)).as("an outage: retried, not the record's fault")
                .isInstanceOf(StreamsException.class).hasStackTraceContaining(WriterSchemaUnavailableException.class.getName())
                .hasStackTraceContaining("schema id 4242");
        driver.advanceWallClockTime(Duration.ofMinutes(9));
        assertThatThrownBy(() -> metrics.pipeInput(key, payload)).as("still within ten minutes: retried")
                .isInstanceOf(StreamsException.class);
        assertThat(dlq.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofMinutes(2));
        metrics.pipeInput(key, payload);
        var dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(DeadLetterHeaders.text(dead.get(0).headers(), DeadLetterHeaders.REASON)).isEqualTo("registry-unavailable");
        assertThat(DeadLetterHeaders.text(dead.get(0).headers(), DeadLetterHeaders.DETAIL)).contains("schema id 4242");
    }
}
