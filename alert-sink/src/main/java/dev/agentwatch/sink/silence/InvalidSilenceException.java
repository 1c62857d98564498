package dev.agentwatch.sink.silence;

/**
 * A silence that is refused, wherever it came from (the silences topic or {@code silence add}): {@link #reason()}
 * is a short stable code for logs and the {@code reason} label of the refusal counter, the message says what
 * is wrong in words.
 */
public final class InvalidSilenceException extends IllegalArgumentException {

    private final String reason;

    public InvalidSilenceException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
