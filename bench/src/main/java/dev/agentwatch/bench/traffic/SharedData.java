package dev.agentwatch.bench.traffic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the recorded LLM traces live: {@code ../shared/data} beside the project root (read in place, never
 * copied into the project), or the folder named by the system property {@value #PROPERTY} (set by surefire).
 */
public final class SharedData {

    public static final String PROPERTY = "agentwatch.shared.data";
    static final Path DEFAULT = Path.of("..", "shared", "data");

    static final String AZURE_CODE = "azure-llm-inference-2023/AzureLLMInferenceTrace_code.csv";
    static final String MOONCAKE = "mooncake-fast25/conversation_trace.jsonl";
    static final String SERVEGEN = "servegen/data/reason/deepseek-r1";

    private SharedData() {
    }

    /** The data folder if it exists; relative to the working directory, which is the project root for make. */
    public static Optional<Path> locate() {
        String configured = System.getProperty(PROPERTY);
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured) : DEFAULT;
        return Files.isDirectory(dir) ? Optional.of(dir.toAbsolutePath().normalize()) : Optional.empty();
    }

    /** The path a missing-data message should name. */
    public static Path expected() {
        String configured = System.getProperty(PROPERTY);
        return (configured != null && !configured.isBlank() ? Path.of(configured) : DEFAULT).toAbsolutePath().normalize();
    }
}
