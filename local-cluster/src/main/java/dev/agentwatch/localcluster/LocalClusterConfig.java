package dev.agentwatch.localcluster;

import java.nio.file.Path;
import java.util.Map;

/**
 * Ports and the run directory of the local cluster. The environment variable names and defaults live here
 * and nowhere else; the README and the Makefile use the same names.
 */
public record LocalClusterConfig(int kafkaPort, int controllerPort, int registryPort, Path runDir) {

    public static final String KAFKA_PORT_ENV = "AGENTWATCH_KAFKA_PORT";
    public static final String CONTROLLER_PORT_ENV = "AGENTWATCH_CONTROLLER_PORT";
    public static final String REGISTRY_PORT_ENV = "AGENTWATCH_REGISTRY_PORT";
    public static final String RUN_DIR_ENV = "AGENTWATCH_RUN_DIR";

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_REGISTRY_PORT = 8081;
    public static final String DEFAULT_RUN_DIR = ".run";

    /** Reads the configuration from {@code env}; a relative run directory is resolved against {@code cwd}. */
    public static LocalClusterConfig fromEnv(Map<String, String> env, Path cwd) {
        return new LocalClusterConfig(
                port(env, KAFKA_PORT_ENV, DEFAULT_KAFKA_PORT),
                port(env, CONTROLLER_PORT_ENV, DEFAULT_CONTROLLER_PORT),
                port(env, REGISTRY_PORT_ENV, DEFAULT_REGISTRY_PORT),
                cwd.resolve(value(env, RUN_DIR_ENV, DEFAULT_RUN_DIR)).toAbsolutePath().normalize());
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String registryBaseUrl() {
        return "http://127.0.0.1:" + registryPort;
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String v = value(env, name, Integer.toString(fallback));
        try {
            int port = Integer.parseInt(v);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new LauncherException(name + " must be a TCP port (1-65535), not '" + v + "'");
        }
    }
}
