package dev.agentwatch.localcluster;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Polls a readiness check while watching the process, so a crash is reported at once with its log. */
public final class Readiness {

    private static final int LOG_TAIL_LINES = 25;
    private static final int TAIL_BYTES = 16 * 1024;

    private Readiness() {
    }

    /**
     * Returns once {@code ready} answers true. Throws a {@link LauncherException} naming the log file (and
     * showing its tail) if {@code process} exits first or {@code timeout} passes.
     */
    public static void await(String what, Process process, Path log, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            checkAlive(what, process, log);
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new LauncherException(what + " was not ready after " + timeout.toSeconds()
                        + " s; see " + log + tail(log));
            }
            sleep(Duration.ofMillis(200));
        }
    }

    /** Throws, naming the log, if {@code process} has exited. */
    public static void checkAlive(String what, Process process, Path log) {
        if (!process.isAlive()) {
            throw new LauncherException(what + " exited with code " + process.exitValue()
                    + " before it was ready; see " + log + tail(log));
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted", e);
        }
    }

    /** The last lines of {@code log}, indented, for an error message. */
    static String tail(Path log) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            // Only the end matters and logs can be large.
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return last.isEmpty() ? "" : "\n--- last lines of " + log.getFileName() + " ---\n  " + String.join("\n  ", last);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
