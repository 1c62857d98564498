package dev.agentwatch.gateway.otlp;

/** A request body that is not a valid OTLP trace export; the message says what is wrong and where. */
public final class OtlpFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public OtlpFormatException(String message) {
        super(message);
    }

    public OtlpFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
