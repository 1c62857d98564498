package dev.agentwatch.cli.e2e;

import dev.agentwatch.localcluster.junit.LocalKafka;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The product's own processes for end-to-end tests: the streams app and the CLI as child JVMs on this test's
 * classpath, configured as `make run` does (a config file plus environment), against the test's broker.
 */
final class Processes {

    private final LocalKafka kafka;
    private final Path dir;
    private final Path config;
    final String prefix;
    final int httpPort;
    final int gatewayPort;

    /** A copy of config/agentwatch.yaml with this test's topics (2 partitions), application id, state dir and port. */
    Processes(LocalKafka kafka, String name) throws IOException {
        this(kafka, name, 2, Map.of());
    }

    /**
     * As {@link #Processes(LocalKafka, String)}, with {@code partitions} per topic and further replacements of the
     * config file's text (e.g. {@code "idle_advance_after: 1m" -> "idle_advance_after: 30m"}).
     */
    Processes(LocalKafka kafka, String name, int partitions, Map<String, String> edits) throws IOException {
        this.kafka = kafka;
        this.prefix = kafka.uniqueName(name);
        this.dir = Files.createTempDirectory("aw-e2e-" + name);
        this.httpPort = freePort();
        this.gatewayPort = freePort();
        String yaml = Files.readString(Path.of("..", "config", "agentwatch.yaml"))
                .replace("agentwatch.", prefix + ".")
                .replace("application_id: agentwatch-streams", "application_id: " + prefix + "-app")
                .replace("partitions: 6", "partitions: " + partitions)
                .replace("state_dir: .run/state", "state_dir: " + dir.resolve("state"))
                .replace("http_port: 8080", "http_port: " + httpPort);
        for (Map.Entry<String, String> e : edits.entrySet()) {
            if (!yaml.contains(e.getKey())) {
                throw new IllegalArgumentException("config/agentwatch.yaml has no '" + e.getKey() + "' to replace");
            }
            yaml = yaml.replace(e.getKey(), e.getValue());
        }
        this.config = dir.resolve("agentwatch.yaml");
        Files.writeString(config, yaml);
    }

    String topic(String suffix) {
        return prefix + "." + suffix;
    }

    Process startStreamsApp(String logName) throws IOException {
        return start(logName, List.of("dev.agentwatch.streams.StreamsAppMain"));
    }

    /** Another instance of the streams app: its own HTTP port and state directory, the same application id. */
    Process startStreamsApp(String logName, int port) throws IOException {
        return start(dir.resolve(logName), List.of("dev.agentwatch.streams.StreamsAppMain"),
                Map.of("AGENTWATCH_STREAMS_PORT", Integer.toString(port),
                        "AGENTWATCH_STATE_DIR", dir.resolve("state-" + port).toString()));
    }

    /** A free TCP port on loopback, for another instance. */
    static int freeTcpPort() throws IOException {
        return freePort();
    }

    /** The HTTP gateway, on {@link #gatewayPort}, with the local key {@code local-dev-key}. */
    Process startGateway(String logName) throws IOException {
        return start(logName, List.of("dev.agentwatch.gateway.GatewayMain"));
    }

    /** Runs the CLI to completion; returns its exit code and output. */
    Result cli(String... args) throws IOException, InterruptedException {
        List<String> main = new ArrayList<>(List.of("dev.agentwatch.cli.AgentwatchCli"));
        main.addAll(List.of(args));
        Path out = dir.resolve("cli-" + System.nanoTime() + ".log");
        Process p = start(out, main);
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("CLI did not finish: " + List.of(args));
        }
        return new Result(p.exitValue(), Files.readString(out));
    }

    /** Starts the CLI and leaves it running (e.g. {@code demo --duration 40s}); its output goes to {@code logName}. */
    Process startCli(String logName, String... args) throws IOException {
        List<String> main = new ArrayList<>(List.of("dev.agentwatch.cli.AgentwatchCli"));
        main.addAll(List.of(args));
        return start(logName, main);
    }

    record Result(int exitCode, String output) {
    }

    /** Waits until the streams app's /health says UP. */
    void awaitHealthy(Process app, Duration timeout) throws InterruptedException {
        awaitHealthy(app, httpPort, timeout);
    }

    /** Waits until the streams app on {@code port} says UP. */
    void awaitHealthy(Process app, int port, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new IllegalStateException("streams app exited with " + app.exitValue());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("streams app not healthy within " + timeout);
    }

    String metrics() throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private Process start(String logName, List<String> main) throws IOException {
        return start(dir.resolve(logName), main);
    }

    private Process start(Path log, List<String> main) throws IOException {
        return start(log, main, Map.of());
    }

    private Process start(Path log, List<String> main, Map<String, String> extraEnv) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(main);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("AGENTWATCH_CONFIG", config.toString());
        env.put("AGENTWATCH_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("AGENTWATCH_SCHEMA_REGISTRY_URL", kafka.schemaRegistryUrl());
        env.remove("AGENTWATCH_STATE_DIR");
        env.remove("AGENTWATCH_STREAMS_PORT");
        env.put("AGENTWATCH_GATEWAY_PORT", Integer.toString(gatewayPort));
        env.remove("AGENTWATCH_API_KEY");
        env.putAll(extraEnv);
        return pb.start();
    }

    String log(String name) throws IOException {
        Path p = dir.resolve(name);
        return Files.exists(p) ? Files.readString(p) : "";
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
