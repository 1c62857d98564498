package dev.agentwatch.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * What the launcher remembers about a process it started, kept in {@code pids/<name>.pid}.
 *
 * <p>The first line is the bare pid so that {@code kill $(head -1 .run/pids/kafka.pid)} works by hand; the
 * following {@code key=value} lines hold the port (for status) and the process start time, which with the
 * {@code -Dagentwatch.service=NAME} marker tells a live process of ours from one that recycled the pid.
 */
public record ServiceRecord(String name, long pid, Optional<Instant> startedAt, OptionalInt port) {

    public void write(RunDir runDir) {
        StringBuilder text = new StringBuilder().append(pid).append('\n');
        startedAt.ifPresent(t -> text.append("started=").append(t).append('\n'));
        port.ifPresent(p -> text.append("port=").append(p).append('\n'));
        try {
            Files.writeString(runDir.pidFile(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runDir.pidFile(name), e);
        }
    }

    public void delete(RunDir runDir) {
        try {
            Files.deleteIfExists(runDir.pidFile(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + runDir.pidFile(name), e);
        }
    }

    /** The record of {@code name}, if its pid file exists and can be read. */
    public static Optional<ServiceRecord> read(RunDir runDir, String name) {
        Path file = runDir.pidFile(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(file);
            long pid = Long.parseLong(lines.get(0).trim());
            Optional<Instant> started = Optional.empty();
            OptionalInt port = OptionalInt.empty();
            for (String line : lines.subList(1, lines.size())) {
                if (line.startsWith("started=")) {
                    started = Optional.of(Instant.parse(line.substring("started=".length()).trim()));
                } else if (line.startsWith("port=")) {
                    port = OptionalInt.of(Integer.parseInt(line.substring("port=".length()).trim()));
                }
            }
            return Optional.of(new ServiceRecord(name, pid, started, port));
        } catch (IOException | RuntimeException e) {
            // A truncated or hand-edited file: treat as absent rather than failing every command.
            return Optional.empty();
        }
    }

    /** Every record in the run directory, oldest start first (so stopping walks this list backwards). */
    public static List<ServiceRecord> all(RunDir runDir) {
        if (!Files.isDirectory(runDir.pids())) {
            return List.of();
        }
        List<ServiceRecord> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(runDir.pids())) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".pid"))
                    .map(n -> n.substring(0, n.length() - ".pid".length()))
                    .forEach(n -> read(runDir, n).ifPresent(records::add));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runDir.pids(), e);
        }
        records.sort((a, b) -> a.startedAt().orElse(Instant.EPOCH).compareTo(b.startedAt().orElse(Instant.EPOCH)));
        return records;
    }
}
