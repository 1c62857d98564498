package dev.agentwatch.schema.registry;

/** The check every client makes of a subject name before using it. */
final class Subjects {

    private Subjects() {}

    static String require(String subject) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject must be a non-blank string");
        }
        return subject;
    }
}
