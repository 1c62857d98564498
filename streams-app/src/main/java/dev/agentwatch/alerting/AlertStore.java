package dev.agentwatch.alerting;

/**
 * Where alert states that are not INACTIVE are kept (keys {@code rule \0 agent}, values from
 * {@link AlertStateCodec}); the streams glue backs it with a changelogged store, so a restarted task goes on
 * where the last commit left it.
 */
public interface AlertStore {

    void put(byte[] key, byte[] value);

    void delete(byte[] key);
}
