package dev.agentwatch.schema.registry;

/** The subject has no registered version (HTTP 404 on a subject-level call). */
public class SubjectNotFoundException extends SchemaRegistryRequestException {

    private final String subject;

    public SubjectNotFoundException(String message, String subject, int status, int errorCode, String body) {
        super(message, status, errorCode, body);
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }
}
