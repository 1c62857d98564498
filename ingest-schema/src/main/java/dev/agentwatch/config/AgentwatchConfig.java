package dev.agentwatch.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The product's configuration file (default {@code config/agentwatch.yaml}, or {@code $AGENTWATCH_CONFIG}),
 * with the environment-variable overrides of the endpoints applied in one place. Each app reads the
 * sections it needs: {@link #kafka()}, {@link #topics()}, and its own via {@link #section(String)}.
 */
public final class AgentwatchConfig {

    public static final String CONFIG_ENV = "AGENTWATCH_CONFIG";
    public static final Path DEFAULT_PATH = Path.of("config", "agentwatch.yaml");
    private static final Set<String> SECTIONS = Set.of("kafka", "topics", "streams", "pricing", "gateway", "sink");

    private final ConfigNode root;
    private final Map<String, String> env;

    private AgentwatchConfig(ConfigNode root, Map<String, String> env) {
        this.root = root;
        this.env = env;
        root.allowOnly(SECTIONS);
    }

    /** Reads the file named by {@code $AGENTWATCH_CONFIG}, else {@code config/agentwatch.yaml}. */
    public static AgentwatchConfig load() {
        Map<String, String> env = System.getenv();
        Path path = Optional.ofNullable(env.get(CONFIG_ENV)).map(Path::of).orElse(DEFAULT_PATH);
        if (!Files.exists(path)) {
            throw new ConfigException(path.toString(), 0, 0, "", "configuration file not found (set " + CONFIG_ENV
                    + " or run from the repository root)");
        }
        return new AgentwatchConfig(YamlFiles.read(path), env);
    }

    public static AgentwatchConfig of(ConfigNode root, Map<String, String> env) {
        return new AgentwatchConfig(root, env);
    }

    public ConfigNode root() {
        return root;
    }

    public Optional<ConfigNode> section(String name) {
        return root.get(name);
    }

    public KafkaEndpoints kafka() {
        return KafkaEndpoints.from(root.require("kafka"), env);
    }

    public TopicNames topics() {
        return TopicNames.from(root.require("topics"));
    }

    /** An environment override if set and not blank. */
    public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }
}
