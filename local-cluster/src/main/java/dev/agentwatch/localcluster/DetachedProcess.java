package dev.agentwatch.localcluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Starts a process that outlives the launcher: output appended to {@code logs/<name>.log}, stdin from
 * /dev/null, its own session (setsid) so a Ctrl-C in the terminal that ran {@code make run} does not reach it,
 * and its pid recorded in {@code pids/<name>.pid}.
 */
public final class DetachedProcess {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private DetachedProcess() {
    }

    /** A process just started, with the record that {@code stop} and {@code status} will use. */
    public record Started(ServiceRecord record, Process process, Path log) {
    }

    public static Started start(RunDir runDir, String name, List<String> command, OptionalInt port) {
        return start(runDir, name, command, port, Map.of());
    }

    /** As {@link #start(RunDir, String, List, OptionalInt)}, with extra environment variables for the process. */
    public static Started start(RunDir runDir, String name, List<String> command, OptionalInt port,
                                Map<String, String> environment) {
        runDir.create();
        Path log = runDir.logFile(name);
        List<String> full = new ArrayList<>();
        // setsid execs in place when the caller is not a group leader (a forked child never is): the pid stays.
        if (Files.isExecutable(SETSID)) {
            full.add(SETSID.toString());
        }
        full.addAll(JavaCommand.withMarker(name, command));
        appendLine(log, "==== " + Instant.now() + " starting " + name + ": " + String.join(" ", full));
        ProcessBuilder builder = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new LauncherException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
        ServiceRecord record = new ServiceRecord(name, process.pid(), process.info().startInstant(), port);
        record.write(runDir);
        return new Started(record, process, log);
    }

    static void appendLine(Path log, String line) {
        try {
            Files.writeString(log, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new LauncherException("cannot write " + log + ": " + e.getMessage(), e);
        }
    }
}
