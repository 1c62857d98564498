package dev.agentwatch.sink.broker;

import dev.agentwatch.sink.AlertSinkMain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * {@link AlertSinkMain} as its own JVM on the test classpath, output to a file: the way `make run` starts it,
 * and the only way to kill it with -9.
 */
final class SinkProcess implements AutoCloseable {

    private final Process process;
    private final Path output;

    private SinkProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static SinkProcess start(Path output, Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String logConfig = Objects.requireNonNull(SinkProcess.class.getResource("/child-log4j2.xml"), "child-log4j2.xml").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + logConfig,
                "-cp", System.getProperty("java.class.path"), AlertSinkMain.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("AGENTWATCH_") || k.equals("SLACK_WEBHOOK_URL") || k.equals("PAGERDUTY_ROUTING_KEY"));
        pb.environment().put("AGENTWATCH_SINK_PORT", "0"); // any free port, unless the test names one
        pb.environment().putAll(env);
        return new SinkProcess(pb.start(), output);
    }

    /** kill -9: no shutdown hook, no last commit. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the shutdown hook commits what is done and stops. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** Waits until the output contains {@code text}; fails early if the process died. */
    void awaitOutput(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(output) && output().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("sink process exited with " + process.exitValue() + ":\n" + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in the sink's output within " + timeout + ":\n" + output());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.toHandle().destroyForcibly();
            process.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> process).join();
        }
    }
}
