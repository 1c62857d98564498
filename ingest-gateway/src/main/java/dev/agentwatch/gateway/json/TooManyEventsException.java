package dev.agentwatch.gateway.json;

/** An array of more events than one request may carry: answered 413, nothing taken. */
public final class TooManyEventsException extends Exception {

    private static final long serialVersionUID = 1L;

    public TooManyEventsException(int max) {
        super("the request holds more than " + max + " events; at most " + max + " per request (split the batch)");
    }
}
