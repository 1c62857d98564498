package dev.agentwatch.sink.silence;

/** What {@link SilenceRecords} reports about the records it refuses (the refusal counters). */
@FunctionalInterface
public interface SilenceRefusals {

    /** A record was refused; {@code reason} as in {@link InvalidSilenceException#reason()}. */
    void refused(String reason);

    /** A silence known until now was removed because the newest record under its id was refused. */
    default void dropped(String reason) {
    }
}
