package dev.agentwatch.sink.kafka;

import dev.agentwatch.schema.serde.AvroSerializationException;
import dev.agentwatch.sink.delivery.RetryPolicy;
import dev.agentwatch.sink.metrics.SinkMetrics;
import dev.agentwatch.sink.secrets.Redactor;
import dev.agentwatch.topics.DeadLetterHeaders;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The one thread that writes dead letters, so that no caller ever waits on the broker: {@link #write} returns a
 * future at once.
 *
 * <p>Each round sends every letter that is due and then waits for them, at most a little longer than the producer's
 * delivery timeout. A letter is done when it is stored, or when the topic refuses it as a record even in its
 * smallest form, without its value ({@link DeadLetterErrors#refusesRecord}): the future then says why. Any other
 * failure means the topic (or, for an alert's value, the schema registry) is not taking records: the letter is
 * written again after the retry policy's wait, for as long as that lasts, like a delivery to a receiver that is down,
 * and {@link #unavailable()} says why for {@code /health}. After such a failure the next round waits at least the
 * retry floor, and a producer that may have been left unusable is replaced first.
 */
final class DeadLetterWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterWriter.class);
    /** Longer than the producer's delivery timeout, which ends every send first. */
    private static final Duration ROUND_WAIT = Duration.ofSeconds(40);
    /** Letters in flight at once, and bytes about: the producer's buffer is 32 MiB and blocks when full. */
    private static final int ROUND_LETTERS = 500;
    private static final int ROUND_BYTES = 16 * 1024 * 1024;
    /** While writes keep failing, how often a line says so. */
    private static final Duration REMIND_EVERY = Duration.ofMinutes(1);

    /** A record's value, encoded when it is first written (an alert's needs the schema registry). */
    @FunctionalInterface
    interface Value {
        /** May throw {@link AvroSerializationException}: retriable while the registry is away, else the value is left out. */
        byte[] encode();
    }

    private static final class Letter {
        final Value value;
        final Function<byte[], DeadLetter> wrap;
        final CompletableFuture<Optional<String>> done = new CompletableFuture<>();
        DeadLetter letter;
        /** Why the whole record was refused, once it was: from then on it is written without its value. */
        String wholeRefused;
        int attempts;
        Instant next;

        Letter(Value value, Function<byte[], DeadLetter> wrap) {
            this.value = value;
            this.wrap = wrap;
        }

        ProducerRecord<byte[], byte[]> record(String topic) {
            if (letter == null) {
                byte[] v;
                try {
                    v = value.encode();
                } catch (AvroSerializationException e) {
                    if (e.isRetriable()) {
                        throw e;
                    }
                    v = null; // cannot be encoded: the headers alone still say why and where it was read
                }
                letter = wrap.apply(v);
            }
            return wholeRefused == null ? letter.record(topic) : letter.withoutValue(topic, wholeRefused);
        }
    }

    private record Sent(ProducerRecord<byte[], byte[]> record, Future<RecordMetadata> future) {
    }

    private final String bootstrapServers;
    private final String topic;
    private final RetryPolicy retries;
    private final SinkMetrics metrics;
    private final Clock clock;
    private final Thread thread;
    /** Guarded by this: letters not yet tried, and letters waiting to be tried again. */
    private final ArrayDeque<Letter> fresh = new ArrayDeque<>();
    private final List<Letter> waiting = new ArrayList<>();
    private Instant roundNotBefore;
    private volatile boolean running = true;
    /** The writer thread's own. */
    private KafkaProducer<byte[], byte[]> producer;
    private boolean replaceProducer;
    private Throwable lastFailure;
    private Instant failingSince;
    private Instant remindAt;
    private volatile String unavailable;

    DeadLetterWriter(String bootstrapServers, String topic, RetryPolicy retries, SinkMetrics metrics, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.retries = retries;
        this.metrics = metrics;
        this.clock = clock;
        metrics.watchDeadLetters(this::waitingCount);
        this.thread = new Thread(this::run, "dead-letters");
        this.thread.setDaemon(true);
    }

    DeadLetterWriter start() {
        thread.start();
        return this;
    }

    /**
     * Queues one record; the future completes empty once it is stored, or with why the topic refused it even without
     * its value. {@code wrap} makes the record around the encoded value (null when it cannot be encoded).
     */
    CompletableFuture<Optional<String>> write(Value value, Function<byte[], DeadLetter> wrap) {
        Letter l = new Letter(value, wrap);
        synchronized (this) {
            fresh.addLast(l);
            notifyAll();
        }
        return l.done;
    }

    /** Why dead-letter writes are failing, while they are; empty while the topic takes records. */
    Optional<String> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    private synchronized int waitingCount() {
        return waiting.size();
    }

    private void run() {
        try {
            while (running) {
                List<Letter> round = takeRound();
                if (round.isEmpty()) {
                    continue; // stopping
                }
                try {
                    write(round);
                } catch (InterruptException stopping) {
                    throw stopping;
                } catch (RuntimeException bug) {
                    salvage(round, bug);
                }
            }
        } catch (InterruptedException | InterruptException stopping) {
            // close()
        } finally {
            closeProducer(Duration.ofSeconds(5));
        }
    }

    /** Waits until letters are due (never longer than a second at a time, so close() is seen) and takes them. */
    private synchronized List<Letter> takeRound() throws InterruptedException {
        while (running) {
            Instant now = clock.instant();
            Instant next = roundNotBefore != null && roundNotBefore.isAfter(now) ? roundNotBefore : null;
            if (next == null) {
                List<Letter> round = new ArrayList<>();
                for (Iterator<Letter> it = waiting.iterator(); it.hasNext() && round.size() < ROUND_LETTERS; ) {
                    Letter l = it.next();
                    if (l.next.isAfter(now)) {
                        next = next == null || l.next.isBefore(next) ? l.next : next;
                    } else {
                        it.remove();
                        round.add(l);
                    }
                }
                while (!fresh.isEmpty() && round.size() < ROUND_LETTERS) {
                    round.add(fresh.pollFirst());
                }
                if (!round.isEmpty()) {
                    return round;
                }
            }
            long ms = next == null ? 1_000 : Math.min(1_000, Math.max(1, Duration.between(now, next).toMillis()));
            wait(ms);
        }
        return List.of();
    }

    /** A bug of ours in a round must not strand its letters (their offsets would be held until a restart). */
    private void salvage(List<Letter> round, RuntimeException bug) {
        log.error("writing {} dead letter(s) failed unexpectedly; they are written again: {}", round.size(), Redactor.describe(bug));
        for (Letter l : round) {
            boolean queued;
            synchronized (this) {
                queued = waiting.contains(l) || fresh.contains(l);
            }
            if (!l.done.isDone() && !queued) {
                failed(l, bug);
            }
        }
        replaceProducer = true;
        afterRound();
    }

    private void write(List<Letter> round) {
        lastFailure = null;
        List<Letter> bare = attempt(round);
        if (!bare.isEmpty()) {
            attempt(bare); // refused whole just now: at once without the value, which is what made most of them too large
        }
        afterRound();
    }

    /** Sends the letters at once, then settles each; returns those whose whole record was refused just now. */
    private List<Letter> attempt(List<Letter> letters) {
        KafkaProducer<byte[], byte[]> p = producer();
        Map<Letter, Sent> sent = new LinkedHashMap<>();
        List<Letter> later = new ArrayList<>();
        Throwable blocked = null;
        long bytes = 0;
        for (Letter l : letters) {
            if (blocked != null) {
                failed(l, blocked); // the send before waited for the topic and failed: this one would wait and fail too
                continue;
            }
            if (bytes > ROUND_BYTES) {
                later.add(l);
                continue;
            }
            ProducerRecord<byte[], byte[]> r;
            try {
                r = l.record(topic);
            } catch (AvroSerializationException registryAway) {
                failed(l, registryAway);
                continue;
            }
            try {
                sent.put(l, new Sent(r, p.send(r)));
                bytes += (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
            } catch (RuntimeException e) {
                if (DeadLetterErrors.refusesRecord(e)) {
                    sent.put(l, new Sent(r, CompletableFuture.failedFuture(e))); // e.g. larger than max.request.size
                } else {
                    failed(l, e);
                    blocked = e;
                }
            }
        }
        synchronized (this) {
            for (int i = later.size() - 1; i >= 0; i--) {
                fresh.addFirst(later.get(i)); // not tried: first in the next round, which comes at once
            }
        }
        List<Letter> bare = new ArrayList<>();
        long deadline = System.nanoTime() + ROUND_WAIT.toNanos();
        for (Map.Entry<Letter, Sent> e : sent.entrySet()) {
            Letter l = e.getKey();
            Throwable error = await(e.getValue().future(), deadline);
            if (error == null) {
                countCuts(e.getValue().record());
                l.done.complete(Optional.empty());
            } else if (!DeadLetterErrors.refusesRecord(error)) {
                failed(l, error);
            } else if (l.wholeRefused == null) {
                l.wholeRefused = Redactor.describe(error);
                bare.add(l);
            } else {
                l.done.complete(Optional.of(l.wholeRefused + "; without its value: " + Redactor.describe(error)));
            }
        }
        return bare;
    }

    /** Not the record's fault: written again after the retry policy's wait. */
    private void failed(Letter l, Throwable error) {
        l.attempts++;
        l.next = clock.instant().plus(retries.wait(l.attempts, null));
        synchronized (this) {
            waiting.add(l);
        }
        lastFailure = error;
        replaceProducer |= DeadLetterErrors.mayLeaveProducerUnusable(error);
        metrics.deadLetterRetried(error.getClass().getSimpleName());
    }

    private void afterRound() {
        Instant now = clock.instant();
        if (replaceProducer) {
            replaceProducer = false;
            if (failingSince == null) { // once an outage; the counter has every one
                log.warn("replacing the dead-letter producer after {} (and before every retry while that lasts)",
                        Redactor.describe(lastFailure));
            }
            closeProducer(Duration.ZERO);
            metrics.deadLetterProducerReplaced();
        }
        int held = waitingCount();
        if (lastFailure != null) {
            synchronized (this) {
                roundNotBefore = now.plus(RetryPolicy.FLOOR);
            }
            String why = Redactor.describe(lastFailure);
            if (failingSince == null) {
                failingSince = now;
                remindAt = now.plus(REMIND_EVERY);
                log.error("dead-letter writes to {} are failing ({} record(s) waiting, offsets held, retried until they are stored): {}",
                        topic, held, why);
            } else if (!now.isBefore(remindAt)) {
                remindAt = now.plus(REMIND_EVERY);
                log.warn("dead-letter writes to {} still failing since {} ({} record(s) waiting): {}", topic, failingSince, held, why);
            }
            unavailable = "dead-letter writes to " + topic + " failing since " + failingSince + ", " + held
                    + " record(s) waiting: " + why;
        } else if (failingSince != null && held == 0) {
            log.info("dead-letter writes to {} succeed again (failing since {})", topic, failingSince);
            failingSince = null;
            unavailable = null;
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    // Bounded waits, so a topic that is away is a failure to retry after 30 s, not a hung thread.
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                    ProducerConfig.CLIENT_ID_CONFIG, "agentwatch-sink-dlq"),
                    new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void closeProducer(Duration timeout) {
        if (producer != null) {
            try {
                producer.close(timeout);
            } catch (RuntimeException e) {
                log.warn("closing the dead-letter producer failed: {}", Redactor.describe(e));
            }
            producer = null;
        }
    }

    /** The stored record's own header says what was cut; the counter is told each part. */
    private void countCuts(ProducerRecord<byte[], byte[]> stored) {
        String cut = DeadLetterHeaders.text(stored.headers(), DeadLetterHeaders.TRUNCATED);
        if (cut != null) {
            for (String part : cut.split(",")) {
                metrics.deadLetterTruncated(part);
            }
        }
    }

    /** The send's failure, or null when the broker has the record. */
    private static Throwable await(Future<RecordMetadata> f, long deadlineNanos) {
        try {
            f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (TimeoutException e) {
            return e; // no answer within the producer's own delivery timeout: replaced before the next round
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    /** Stops writing; what is still waiting stays unwritten (its offsets were never committed). */
    @Override
    public void close() {
        running = false;
        synchronized (this) {
            notifyAll();
        }
        try {
            thread.join(5_000);
            if (thread.isAlive()) { // waiting on a broker that is away: no need to wait for its answer
                thread.interrupt();
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
