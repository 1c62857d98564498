package dev.agentwatch.schema.registry;

/** The registry refused a new version because it breaks the subject's compatibility rule (HTTP 409). */
public class IncompatibleSchemaException extends SchemaRegistryRequestException {

    private final String subject;
    private final String registryMessage;

    public IncompatibleSchemaException(
            String message, String subject, String registryMessage, int status, int errorCode, String body) {
        super(message, status, errorCode, body);
        this.subject = subject;
        this.registryMessage = registryMessage;
    }

    public String subject() {
        return subject;
    }

    /** The registry's own explanation, e.g. which field broke compatibility. */
    public String registryMessage() {
        return registryMessage;
    }
}
