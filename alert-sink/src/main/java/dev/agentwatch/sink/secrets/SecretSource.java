package dev.agentwatch.sink.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a secret named by the configuration: an environment variable ({@code *_env}) or a file
 * ({@code *_file}, e.g. a mounted Kubernetes secret; trailing whitespace trimmed). The configuration never
 * holds the value itself.
 */
public final class SecretSource {

    private final Map<String, String> env;

    public SecretSource(Map<String, String> env) {
        this.env = env;
    }

    /** Empty when the variable is unset or blank. */
    public Optional<Secret> fromEnv(String variable) {
        String v = env.get(variable);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Secret.of(v.trim(), "env " + variable));
    }

    /** Empty when the file does not exist or is empty; throws when it exists but cannot be read. */
    public Optional<Secret> fromFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String v = Files.readString(file).strip();
        return v.isEmpty() ? Optional.empty() : Optional.of(Secret.of(v, "file " + file));
    }
}
