package dev.agentwatch.sink.kafka;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.sink.matching.Matcher;
import dev.agentwatch.sink.silence.InvalidSilenceException;
import dev.agentwatch.sink.silence.Silence;
import dev.agentwatch.sink.silence.SilenceCodec;
import dev.agentwatch.sink.silence.SilenceRules;
import dev.agentwatch.sink.silence.SilenceStore;
import dev.agentwatch.topics.TopicSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates, lists, expires and purges silences on the silences topic: the API behind {@code agentwatch silence}.
 * Every sink instance follows the topic, so a silence written here mutes within a moment everywhere.
 * A new silence must pass {@link SilenceRules#checkNew} (Alertmanager's rules, bounded lengths, an end after the
 * start and in the future, an author and a comment) and fit in a record ({@link SilenceCodec}); the sinks check
 * every record they read the same way, whoever wrote it.
 */
public final class SilenceAdmin implements AutoCloseable {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final String topic;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;

    public SilenceAdmin(String bootstrapServers, String topic, Optional<Short> replicationFactor, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.clock = clock;
        TopicSetup.ensure(bootstrapServers, replicationFactor, List.of(TopicSpec.settings(topic)));
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** With the endpoints and topic names of the product's configuration file. */
    public static SilenceAdmin forConfig(AgentwatchConfig config) {
        var topics = config.topics();
        return new SilenceAdmin(config.kafka().bootstrapServers(), topics.silences(), topics.replicationFactor(), Clock.systemUTC());
    }

    /**
     * A new silence with a new id, checked but not written (so {@code silence add} can refuse a bad one before it
     * connects); {@code startsAt} null means now. Throws {@link InvalidSilenceException} saying what is wrong.
     */
    public static Silence prepare(List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment,
                                  Instant now) {
        Silence s = new Silence(UUID.randomUUID().toString(), matchers, startsAt == null ? now : startsAt, endsAt,
                createdBy, comment, now);
        SilenceRules.checkNew(s, now);
        SilenceCodec.encode(s); // throws when too large for a record
        return s;
    }

    /** Creates a silence with a new id; {@code startsAt} null means now. Returns it as stored. */
    public Silence add(List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {
        return add(prepare(matchers, startsAt, endsAt, createdBy, comment, clock.instant()));
    }

    /** Writes a silence made by {@link #prepare}, checked once more against this admin's clock. */
    public Silence add(Silence s) {
        SilenceRules.checkNew(s, clock.instant());
        write(s.id(), SilenceCodec.encode(s));
        return s;
    }

    /** Every silence on the topic (active, pending and expired but not yet purged), oldest start first. */
    public List<Silence> list() {
        SilenceStore store = new SilenceStore();
        // A refused record is logged by the follower (and counted by the sinks); listing shows the silences the sinks use.
        try (WholeTopicReader reader = SilenceFollower.follow(bootstrapServers, topic, store, reason -> { }).start()) {
            if (!reader.awaitCaughtUp(READ_TIMEOUT)) {
                throw new IllegalStateException("could not read " + topic + " within " + READ_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + topic, e);
        }
        return store.all();
    }

    /** Ends the silence now. Empty when no silence has that id. */
    public Optional<Silence> expire(String id) {
        Optional<Silence> expired = list().stream().filter(s -> s.id().equals(id)).findFirst()
                .map(s -> s.expiredAt(clock.instant()));
        expired.ifPresent(s -> write(id, SilenceCodec.encode(s)));
        return expired;
    }

    /** Tombstones silences that ended more than {@code retention} ago; returns how many. */
    public int purgeExpired(Duration retention) {
        Instant cutoff = clock.instant().minus(retention);
        int n = 0;
        for (Silence s : list()) {
            if (s.endsAt().isBefore(cutoff)) {
                write(s.id(), null);
                n++;
            }
        }
        return n;
    }

    private void write(String id, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, id, value)).get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing silence " + id, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write silence " + id + " to " + topic + ": " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
