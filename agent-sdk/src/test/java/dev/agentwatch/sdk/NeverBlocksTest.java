package dev.agentwatch.sdk;

import dev.agentwatch.sdk.transport.GatewayTransport;
import dev.agentwatch.sdk.transport.KafkaTransport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing listens where the transport sends (a port just closed), so nothing is ever delivered: record() must
 * still return at once, each drop must be counted, and every event must end in exactly one counter.
 */
class NeverBlocksTest {

    @Test
    void throughAGatewayThatIsNotThere() throws Exception {
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort());
        check(GatewayTransport.builder(nowhere, "k").maxAttempts(3).build());
    }

    @Test
    void toAKafkaThatIsNotThere() throws Exception {
        int port = closedPort();
        check(KafkaTransport.builder("127.0.0.1:" + port, "http://127.0.0.1:" + port)
                .rulesTopic(null).clientProperty("max.block.ms", 500).build());
    }

    private static void check(Transport transport) {
        AgentwatchClient aw = AgentwatchClient.builder("stuck").queueCapacity(1_000).maxBatch(100)
                .closeTimeout(Duration.ofSeconds(1)).transport(transport).build();
        long slowestNanos = 0;
        for (int i = 0; i < 100_000; i++) {
            long t0 = System.nanoTime();
            aw.call().requestType("routine_query").tokens(100, 10).latencyMs(50).record();
            slowestNanos = Math.max(slowestNanos, System.nanoTime() - t0);
        }
        ClientStats during = aw.stats();
        aw.close();
        ClientStats after = aw.stats();

        assertThat(Duration.ofNanos(slowestNanos)).as("the slowest record() call").isLessThan(Duration.ofMillis(50));
        assertThat(during.recorded()).isEqualTo(100_000);
        assertThat(during.sampledOut() + during.invalid() + during.droppedQueueFull() + during.enqueued())
                .isEqualTo(100_000);
        // the queue holds 1,000 and the exporter takes at most a few batches of 100 while the loop runs
        assertThat(during.droppedQueueFull()).isGreaterThan(90_000);
        assertThat(after.delivered()).isZero();
        assertThat(after.queued()).isZero();
        assertThat(after.inFlight()).isZero();
        assertThat(after.failed() + after.abandonedOnClose()).isEqualTo(after.enqueued());
        System.out.printf("never blocks (%s): slowest record() %.3f ms; %d queued, %d dropped, then %d failed and %d "
                        + "abandoned at close%n", transport.getClass().getSimpleName(), slowestNanos / 1e6,
                during.enqueued(), during.droppedQueueFull(), after.failed(), after.abandonedOnClose());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
