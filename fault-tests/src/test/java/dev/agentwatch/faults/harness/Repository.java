package dev.agentwatch.faults.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository is, and the built streams app's {@code java -cp} line as `make run` uses it. */
final class Repository {

    static final String ROOT_PROPERTY = "agentwatch.repo";

    private Repository() {
    }

    static Path root() {
        String configured = System.getProperty(ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("streams-app/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root; set -D" + ROOT_PROPERTY);
    }

    /** {@code streams-app/target/classes:$(cat streams-app/target/classpath.txt)}. */
    static String streamsAppClasspath() {
        Path target = root().resolve("streams-app/target");
        Path listed = target.resolve("classpath.txt");
        if (!Files.isRegularFile(listed)) {
            throw new IllegalStateException(listed + " is missing; build with: mvn -q package -DskipTests -pl streams-app -am");
        }
        try {
            return target.resolve("classes") + ":" + Files.readString(listed).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path seedRules() {
        return root().resolve("config/rules.yaml");
    }

    static Path defaultConfig() {
        return root().resolve("config/agentwatch.yaml");
    }
}
