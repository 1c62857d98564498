package dev.agentwatch.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Layout of the run directory: {@code logs/<name>.log}, {@code pids/<name>.pid} and {@code data/<name>/}. */
public record RunDir(Path root) {

    public Path logs() {
        return root.resolve("logs");
    }

    public Path pids() {
        return root.resolve("pids");
    }

    public Path logFile(String service) {
        return logs().resolve(service + ".log");
    }

    public Path pidFile(String service) {
        return pids().resolve(service + ".pid");
    }

    /** A service's data directory, created if missing. */
    public Path data(String service) {
        return createDirectories(root.resolve("data").resolve(service));
    }

    /** Creates {@code logs/} and {@code pids/}. */
    public void create() {
        createDirectories(logs());
        createDirectories(pids());
    }

    static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
