package dev.agentwatch.localcluster;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Finds the live process a pid file speaks of, and stops it, without ever touching a recycled pid. */
public final class ProcessOwnership {

    /** How far a recorded start time may be from the one read now: the JDK derives it from the boot time. */
    static final Duration START_TOLERANCE = Duration.ofSeconds(2);

    private ProcessOwnership() {
    }

    /**
     * The process of {@code record} if it is alive and still ours. A JVM we started carries
     * {@code -Dagentwatch.service=NAME}: that marker decides. Any other program must have started when the pid
     * file says (give or take {@link #START_TOLERANCE}, as a stepped clock shifts the computed start time).
     */
    public static Optional<ProcessHandle> liveProcess(ServiceRecord record) {
        Optional<ProcessHandle> handle = ProcessHandle.of(record.pid()).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return Optional.empty();
        }
        ProcessHandle.Info info = handle.get().info();
        List<String> words = commandWords(info);
        if (words.stream().anyMatch(w -> w.startsWith("-D" + JavaCommand.SERVICE_PROPERTY + "="))) {
            return words.contains(JavaCommand.marker(record.name())) ? handle : Optional.empty();
        }
        boolean sameStart = record.startedAt().isPresent() && info.startInstant().isPresent()
                && Duration.between(record.startedAt().get(), info.startInstant().get()).abs().compareTo(START_TOLERANCE) <= 0;
        return sameStart ? handle : Optional.empty();
    }

    /**
     * The words of a process's command line. The JDK gives no arguments for command lines over 4 KB (a long
     * -cp) and truncates commandLine() there; the marker sits right after the executable, so it survives.
     */
    public static List<String> commandWords(ProcessHandle.Info info) {
        if (info.arguments().isPresent()) {
            return Arrays.asList(info.arguments().get());
        }
        return info.commandLine().map(line -> Arrays.asList(line.split(" "))).orElse(List.of());
    }

    /** Outcome of {@link #stop}. */
    public enum Stopped { GRACEFULLY, FORCIBLY, STILL_ALIVE }

    /** SIGTERM, up to {@code grace} to exit, then SIGKILL; child processes it leaves behind go the same way. */
    public static Stopped stop(ProcessHandle process, Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        Stopped result = Stopped.GRACEFULLY;
        if (!awaitExit(process, grace)) {
            process.destroyForcibly();
            result = awaitExit(process, Duration.ofSeconds(5)) ? Stopped.FORCIBLY : Stopped.STILL_ALIVE;
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        return result;
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
