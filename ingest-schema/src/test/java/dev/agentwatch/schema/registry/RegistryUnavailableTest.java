package dev.agentwatch.schema.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.agentwatch.schema.MetricEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A registry that is not there, or that never answers, fails fast and typed, never hangs. */
class RegistryUnavailableTest {

    @Test
    void closedPortIsUnavailableAtOnce() throws IOException {
        int port = closedPort();
        try (var client = client("http://user:hunter2@127.0.0.1:" + port + "/apis/ccompat/v7", 2_000)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.schemaById(1))
                    .isInstanceOfSatisfying(SchemaRegistryUnavailableException.class,
                            e -> assertThat(e.isRetriable()).isTrue())
                    .hasMessageContaining("http://127.0.0.1:" + port + "/apis/ccompat/v7/schemas/ids/1")
                    .hasMessageNotContaining("hunter2")
                    .hasMessageNotContaining("user");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThatThrownBy(() -> client.register("s-value", MetricEvent.getClassSchema()))
                    .isInstanceOf(SchemaRegistryUnavailableException.class);
            assertThatThrownBy(() -> client.latest("s-value"))
                    .isInstanceOf(SchemaRegistryUnavailableException.class);
        }
    }

    @Test
    void silentServerTimesOutWithinTheConfiguredTime() throws Exception {
        // Accepts connections and never answers: only our timeout can end the call.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (var client = client("http://127.0.0.1:" + silent.getLocalPort(), 300)) {
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                    long start = System.nanoTime();
                    assertThatThrownBy(() -> client.schemaById(7))
                            .isInstanceOf(SchemaRegistryUnavailableException.class)
                            .hasMessageContaining("did not answer")
                            .hasMessageContaining("300 ms");
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
                });
            } finally {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    @Test
    void failsOverToTheNextUrl() throws IOException {
        int closed = closedPort();
        int alsoClosed = closedPort();
        try (var client = client("http://127.0.0.1:" + closed + ",http://127.0.0.1:" + alsoClosed, 1_000)) {
            assertThatThrownBy(() -> client.schemaById(1))
                    .isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining(":" + alsoClosed + "/")
                    .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        }
    }

    private static HttpSchemaRegistryClient client(String url, int readTimeoutMs) {
        return new HttpSchemaRegistryClient(SchemaRegistryClientConfig.fromConfigs(Map.of(
                "schema.registry.url", url,
                "http.connect.timeout.ms", 1_000,
                "http.read.timeout.ms", readTimeoutMs)));
    }

    /** A loopback port nothing listens on (bound, then released). */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
