package dev.agentwatch.sink.config;

/**
 * Where the sink serves {@code /metrics} and {@code /health}: loopback by default, port {@value #DEFAULT_PORT}
 * unless {@code $AGENTWATCH_SINK_PORT} or {@code http.port} says otherwise (0 picks a free port).
 */
public record HttpSettings(String bindAddress, int port) {

    public static final String PORT_ENV = "AGENTWATCH_SINK_PORT";
    public static final int DEFAULT_PORT = 8090;
    public static final HttpSettings DEFAULTS = new HttpSettings("127.0.0.1", DEFAULT_PORT);
}
