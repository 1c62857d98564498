package dev.agentwatch.streams.agents;

import dev.agentwatch.window.SliceKeys;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.internals.StateStoreProvider;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The slice store: a changelogged RocksDB key-value store whose owner may write some values just before each
 * commit instead of on every change. The agent processor marks the slice an event changed and writes the
 * marked slices in its {@link #beforeCommit} hook, so a slice that takes several events between two commits
 * is encoded and written once, not once per event.
 *
 * <p>The hook runs where Kafka Streams flushes its own caching layer: before it commits a task (inside the
 * transaction under exactly-once), it calls {@code flushCache()} on every registered store that implements
 * its {@link CachedStateStore} interface. That interface is internal to Kafka Streams, so this class is tied to
 * the pinned Kafka version. {@code StreamsAppBrokerTest} restores windows from the changelog alone (a
 * fresh state directory) after a run on the real broker, which holds only if the hook ran before each commit;
 * {@code SliceStoreTest} checks what the hook writes.
 */
public final class SliceStore implements StateStore, CachedStateStore<Bytes, byte[]> {

    /** Key of the persisted clock (watermark, boundary): an empty agent id, which no valid event has. */
    static final Bytes CLOCK_KEY = Bytes.wrap(SliceKeys.key(new byte[] {0, 0}, 0L));
    /** Slice-start value of an agent's info key; never a real slice (events before 1970 are expired). */
    static final long INFO_SLICE = Long.MIN_VALUE;

    private final KeyValueStore<Bytes, byte[]> inner;
    private Runnable beforeCommit = () -> { };

    private SliceStore(KeyValueStore<Bytes, byte[]> inner) {
        this.inner = inner;
    }

    /** A persistent, changelogged slice store named {@code name}. */
    public static StoreBuilder<SliceStore> builder(String name) {
        return builder(Stores.persistentKeyValueStore(name));
    }

    static StoreBuilder<SliceStore> builder(KeyValueBytesStoreSupplier supplier) {
        // No cache in front: the hook already writes each slice once per commit, and a cache lookup per write cost
        // more than it saved (README, Benchmarks).
        return new Builder(Stores.keyValueStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled());
    }

    /** Runs {@code hook} on the stream thread before every commit of the owning task; the last one set wins. */
    public void beforeCommit(Runnable hook) {
        this.beforeCommit = Objects.requireNonNull(hook);
    }

    public void put(Bytes key, byte[] value) {
        inner.put(key, value);
    }

    public void delete(Bytes key) {
        inner.delete(key);
    }

    public byte[] get(Bytes key) {
        return inner.get(key);
    }

    public KeyValueIterator<Bytes, byte[]> all() {
        return inner.all();
    }

    /** Keys in [from, to], ascending; the caller closes the iterator. Safe from interactive-query threads. */
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return inner.range(from, to);
    }

    /**
     * The store as interactive queries find it ({@code KafkaStreams#store}): the stores of the tasks asked for (one
     * per partition), read-only. Kafka Streams hands custom stores to their type as they are.
     */
    public static final QueryableStoreType<List<SliceStore>> QUERYABLE = new QueryableStoreType<>() {
        @Override
        public boolean accepts(StateStore store) {
            return store instanceof SliceStore;
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<SliceStore> create(StateStoreProvider provider, String storeName) {
            // stores() casts each accepted store to this type's T unchecked: they are SliceStores.
            return List.copyOf((List<SliceStore>) (List<?>) provider.stores(storeName, this));
        }
    };

    @Override
    public void flushCache() {
        beforeCommit.run();
        if (inner instanceof CachedStateStore<?, ?> cached) {
            cached.flushCache();
        }
    }

    /** On an aborted transaction: drops the cached writes; the owner's unsaved slices go with its task's re-init. */
    @Override
    public void clearCache() {
        if (inner instanceof CachedStateStore<?, ?> cached) {
            cached.clearCache();
        }
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Bytes, byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        inner.init(context, root);
    }

    @Override
    public void flush() {
        inner.flush();
    }

    @Override
    public void commit(Map<org.apache.kafka.common.TopicPartition, Long> changelogOffsets) {
        inner.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(org.apache.kafka.common.TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    /** Builds the inner store as Kafka Streams would (metered, changelogged, no cache) and wraps it. */
    private static final class Builder implements StoreBuilder<SliceStore> {

        private final StoreBuilder<KeyValueStore<Bytes, byte[]>> inner;

        Builder(StoreBuilder<KeyValueStore<Bytes, byte[]>> inner) {
            this.inner = inner;
        }

        @Override
        public StoreBuilder<SliceStore> withCachingEnabled() {
            inner.withCachingEnabled();
            return this;
        }

        @Override
        public StoreBuilder<SliceStore> withCachingDisabled() {
            inner.withCachingDisabled();
            return this;
        }

        @Override
        public StoreBuilder<SliceStore> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<SliceStore> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public SliceStore build() {
            return new SliceStore(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
