package dev.agentwatch.schema.registry;

/** The registry refused the request (HTTP 4xx). Subclasses cover the refusals callers act on. */
public class SchemaRegistryRequestException extends SchemaRegistryException {

    private final int status;
    private final int errorCode;
    private final String body;

    public SchemaRegistryRequestException(String message, int status, int errorCode, String body) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.body = body;
    }

    /** HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** Confluent {@code error_code} of the answer, or -1 when it had none. */
    public int errorCode() {
        return errorCode;
    }

    /** The answer's body, shortened to a few hundred characters. */
    public String body() {
        return body;
    }
}
