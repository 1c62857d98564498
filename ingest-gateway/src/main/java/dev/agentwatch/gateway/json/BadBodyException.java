package dev.agentwatch.gateway.json;

/** A request body that is not JSON, or not an event object or an array of them: nothing of it is taken. */
public final class BadBodyException extends Exception {

    private static final long serialVersionUID = 1L;

    public BadBodyException(String message) {
        super(message);
    }
}
