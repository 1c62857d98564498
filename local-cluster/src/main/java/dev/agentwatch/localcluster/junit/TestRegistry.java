package dev.agentwatch.localcluster.junit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.agentwatch.localcluster.JavaCommand;
import dev.agentwatch.localcluster.LauncherException;
import dev.agentwatch.localcluster.Ports;
import dev.agentwatch.localcluster.RegistryProcess;

/**
 * The schema registry as a child JVM with in-memory storage on a free port. A shutdown hook destroys it too,
 * so a test JVM that ends without closing the JUnit store (Ctrl-C, surefire timeout) does not leak it.
 */
final class TestRegistry implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final int ATTEMPTS = 2;

    private final Process process;
    private final int port;
    private final Thread shutdownHook;

    private TestRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
        this.shutdownHook = new Thread(process::destroyForcibly, "agentwatch-registry-reaper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    static TestRegistry start(Path jar) {
        LauncherException last = null;
        // If it dies, a second attempt on a new port covers another process having taken the free port first.
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = Ports.freePort();
            Path log = logFile(port);
            List<String> command = new ArrayList<>(JavaCommand.withMarker("registry-test",
                    RegistryProcess.command(jar, port, "jdbc:h2:mem:registry")));
            TestRegistry registry;
            try {
                registry = new TestRegistry(new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start(), port);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the schema registry: " + e.getMessage(), e);
            }
            try {
                RegistryProcess.awaitReady(port, registry.process, log, READY_TIMEOUT);
                return registry;
            } catch (LauncherException e) {
                boolean timedOut = registry.process.isAlive();
                registry.close();
                if (timedOut) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                last = e;
            }
        }
        throw new IllegalStateException(last.getMessage(), last);
    }

    /** In the module's target/ when there is one, where a developer looks after a failed build. */
    private static Path logFile(int port) {
        Path target = Path.of("target");
        try {
            Path dir = Files.isDirectory(target) ? target : Files.createTempDirectory("agentwatch-registry");
            return dir.resolve("agentwatch-registry-" + port + ".log").toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a log file for the schema registry", e);
        }
    }

    String url() {
        return RegistryProcess.ccompatUrl(port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // Closed from the shutdown sequence itself; the hook runs anyway and finds the process gone.
        }
    }
}
