package dev.agentwatch.streams.agents;

import dev.agentwatch.alerting.AlertStore;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/** A task's changelogged store written with the raw byte[] keys the domain hands over (alert states, buckets). */
final class StoreWrites implements AlertStore {

    private final KeyValueStore<Bytes, byte[]> store;

    StoreWrites(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        store.put(Bytes.wrap(key), value);
    }

    @Override
    public void delete(byte[] key) {
        store.delete(Bytes.wrap(key));
    }
}
