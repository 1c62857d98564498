package dev.agentwatch.faults.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import dev.agentwatch.localcluster.DetachedProcess;
import dev.agentwatch.localcluster.Ports;
import dev.agentwatch.localcluster.ProcessOwnership;
import dev.agentwatch.streams.StreamsSettings;

/**
 * One streams-app instance as its own JVM, started as `make run` starts it ({@code java -Xmx1g -cp
 * streams-app/target/classes:$(cat classpath.txt) dev.agentwatch.streams.StreamsAppMain}), with its own state
 * directory and HTTP port; killed with SIGKILL or stopped with SIGTERM, and started again on the same state.
 */
public final class StreamsAppInstance implements AutoCloseable {

    private static final String MAIN = "dev.agentwatch.streams.StreamsAppMain";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final FaultRun run;
    private final String name;
    private final int port;
    private final List<String> command;
    private final Map<String, String> env;
    private volatile DetachedProcess.Started current;

    StreamsAppInstance(FaultRun run, String name, String heap, Map<String, String> pipelineEnv) {
        this.run = run;
        this.name = name;
        this.port = Ports.freePort();
        Path stateDir = run.dir().data(name).resolve("state");
        this.env = new HashMap<>(pipelineEnv);
        env.put(StreamsSettings.STATE_DIR_ENV, stateDir.toString());
        env.put(StreamsSettings.HTTP_PORT_ENV, Integer.toString(port));
        // CLASSPATH rather than -cp: hundreds of entries, and ps stays readable.
        env.put("CLASSPATH", Repository.streamsAppClasspath());
        this.command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap, MAIN);
    }

    public String name() {
        return name;
    }

    public synchronized StreamsAppInstance start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        current = DetachedProcess.start(run.dir(), name, command, OptionalInt.of(port), env);
        return this;
    }

    /** kill -9: no commit, no close, no shutdown hook. */
    public synchronized void kill() {
        Process p = process();
        p.destroyForcibly();
        awaitExit(p);
        run.report("%s (pid %d) killed with SIGKILL", name, current.record().pid());
    }

    /** SIGTERM: the app's shutdown hook closes Kafka Streams. */
    public synchronized void stop() {
        ProcessOwnership.Stopped how = ProcessOwnership.stop(process().toHandle(), Duration.ofSeconds(45));
        run.report("%s (pid %d) stopped: %s", name, current.record().pid(), how);
    }

    public boolean isAlive() {
        DetachedProcess.Started s = current;
        return s != null && s.process().isAlive();
    }

    public long pid() {
        return current.record().pid();
    }

    /** Until /health answers 200 (KafkaStreams RUNNING or REBALANCING); fails at once if the process exits. */
    public void awaitHealthy(Duration timeout) {
        Waits.until(name + " healthy", timeout, () -> {
            if (!isAlive()) {
                throw new AssertionError(name + " exited with " + process().exitValue() + "; log " + log());
            }
            return health().statusCode() == 200;
        });
    }

    /** Until /health says RUNNING (not merely UP while rebalancing). */
    public void awaitRunning(Duration timeout) {
        Waits.until(name + " RUNNING", timeout, () -> {
            if (!isAlive()) {
                throw new AssertionError(name + " exited with " + process().exitValue() + "; log " + log());
            }
            return health().body().contains("\"RUNNING\"");
        });
    }

    public HttpResponse<String> health() {
        return get("/health");
    }

    public Prometheus metrics() {
        return Prometheus.parse(get("/metrics").body());
    }

    /** /metrics, or empty when the instance does not answer (exited, or stuck, e.g. out of memory). */
    public Optional<Prometheus> metricsIfAnswering() {
        try {
            return isAlive() ? Optional.of(metrics()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public Path log() {
        return run.dir().logFile(name);
    }

    /** This instance's log, all its starts. */
    public String logText() {
        try {
            return Files.exists(log()) ? Files.readString(log()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How often {@code text} occurs in the log. */
    public int logCount(String text) {
        String log = logText();
        int n = 0;
        for (int i = log.indexOf(text); i >= 0; i = log.indexOf(text, i + text.length())) {
            n++;
        }
        return n;
    }

    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(name + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Process process() {
        DetachedProcess.Started s = current;
        if (s == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return s.process();
    }

    private static void awaitExit(Process p) {
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (isAlive()) {
            Process p = process();
            p.destroyForcibly();
            awaitExit(p);
        }
    }

    @Override
    public String toString() {
        return "streams-app " + name + " on port " + port;
    }
}
