package dev.agentwatch.schema.registry;

/** A lookup found no version of the subject with exactly this schema (HTTP 404 on lookup). */
public class SchemaNotRegisteredException extends SchemaRegistryRequestException {

    private final String subject;

    public SchemaNotRegisteredException(String message, String subject, int status, int errorCode, String body) {
        super(message, status, errorCode, body);
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }
}
