package dev.agentwatch.faults.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Locale;

import dev.agentwatch.localcluster.RunDir;

/**
 * One fault test's run: its directory ({@code fault-tests/target/fault-runs/<name>-<time>/}, logs of every process
 * kept, data deleted at the end), the things it started, closed in reverse order by {@link #close()} or, should the test JVM
 * be ended first (surefire timeout, Ctrl-C), by a shutdown hook, and the figures it reports on stdout.
 */
public final class FaultRun implements AutoCloseable {

    private final String name;
    private final RunDir dir;
    private final long startNanos = System.nanoTime();
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private final Thread reaper = new Thread(this::closeAll, "fault-run-reaper");

    private FaultRun(String name, RunDir dir) {
        this.name = name;
        this.dir = dir;
    }

    public static FaultRun create(String name) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path root = Path.of("target", "fault-runs", name + "-" + stamp).toAbsolutePath();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
        FaultRun run = new FaultRun(name, new RunDir(root));
        Runtime.getRuntime().addShutdownHook(run.reaper);
        run.report("run directory %s", root);
        return run;
    }

    public RunDir dir() {
        return dir;
    }

    public String name() {
        return name;
    }

    /** Makes {@code resource} this run's to close; returns it. */
    public synchronized <T extends AutoCloseable> T own(T resource) {
        owned.push(resource);
        return resource;
    }

    /** A line for the closing note: prefixed with the test's name and the seconds since the run began. */
    public void report(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[%s +%5.1fs] %s%n", name, elapsed().toMillis() / 1000.0, String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @Override
    public void close() {
        closeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs now and finds nothing left.
        }
        deleteData();
        report("done in %.0f s", elapsed().toMillis() / 1000.0);
    }

    /** Broker and state data run to hundreds of MB per test; the logs stay for a failed run. */
    private void deleteData() {
        Path data = dir.root().resolve("data");
        if (!Files.exists(data)) {
            return;
        }
        try (var paths = Files.walk(data)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("[" + name + "] cannot delete " + data + ": " + e);
        }
    }

    private synchronized void closeAll() {
        while (!owned.isEmpty()) {
            AutoCloseable r = owned.pop();
            try {
                r.close();
            } catch (Throwable e) {
                System.err.println("[" + name + "] closing " + r + " failed: " + e);
            }
        }
    }
}
