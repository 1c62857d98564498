package dev.agentwatch.gateway.kafka;

import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's one producer to the metrics topic: our Avro serde, key = {@code agent_id}, idempotent, acks=all.
 * A future completes when Kafka has answered for the event; the gateway answers HTTP only after that.
 * Counts the events in flight against a budget, so that a broker slower than the clients turns into 429s
 * rather than into memory.
 */
public final class EventPublisher implements AutoCloseable {

    private final KafkaProducer<String, MetricEvent> producer;
    private final AvroSerializer<MetricEvent> values;
    private final String topic;
    private final int maxInflight;
    private final AtomicInteger inflight = new AtomicInteger();
    private final KafkaCircuit circuit = new KafkaCircuit(2_000);

    /**
     * @param clientProps  bootstrap servers and any client settings of the {@code kafka:} block
     * @param serdeConfig  the schema registry settings
     * @param deliveryTimeout how long Kafka may take for one event before the request is answered 503
     */
    public EventPublisher(Map<String, Object> clientProps, Map<String, Object> serdeConfig, String topic,
                          int maxInflight, Duration deliveryTimeout) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        // a send waits at most this long for metadata (a broker away at start): the request is answered, not held
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        long delivery = deliveryTimeout.toMillis();
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(10_000, delivery - 10));
        this.values = new AvroSerializer<>();
        values.configure(serdeConfig, false);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), values);
        this.topic = topic;
        this.maxInflight = maxInflight;
    }

    /**
     * Reserves room for a request's events, all or none.
     *
     * @return whether they may be sent; if so, each send releases its place when Kafka has answered
     */
    public boolean reserve(int events) {
        while (true) {
            int now = inflight.get();
            if (now + events > maxInflight) {
                return false;
            }
            if (inflight.compareAndSet(now, now + events)) {
                return true;
            }
        }
    }

    /** Gives back places reserved and not used. */
    public void release(int events) {
        inflight.addAndGet(-events);
    }

    /** @return null when requests may be sent, else why not (Kafka or the registry failing) */
    public Delivery admit() {
        return circuit.admit();
    }

    /**
     * Sends one event (its place reserved); never throws. {@code done} runs once, on Kafka's I/O thread or on
     * this one: it must be quick.
     */
    public void send(MetricEvent event, java.util.function.Consumer<Delivery> done) {
        try {
            producer.send(new ProducerRecord<>(topic, event.getAgentId(), event), (meta, error) ->
                    finish(done, error == null ? Delivery.ACKNOWLEDGED : Delivery.failed("kafka", error.toString())));
        } catch (SerializationException e) {
            finish(done, Delivery.failed("registry", "the schema registry could not give the schema id: " + rootMessage(e)));
        } catch (RuntimeException e) {
            finish(done, Delivery.failed("kafka", e.toString()));
        }
    }

    private void finish(java.util.function.Consumer<Delivery> done, Delivery d) {
        inflight.decrementAndGet();
        circuit.onDelivery(d);
        done.accept(d);
    }

    /**
     * Resolves the schema id now (the serializer caches it), so that the first request does not pay for it and a
     * registry down at start shows in {@code /health}. No record is written.
     *
     * @return null when resolved, else the registry's failure
     */
    public String resolveSchema(MetricEvent probe) {
        try {
            values.serialize(topic, probe);
            return null;
        } catch (RuntimeException e) {
            return rootMessage(e);
        }
    }

    public int inflight() {
        return inflight.get();
    }

    public KafkaCircuit circuit() {
        return circuit;
    }

    /** The producer, for its client metrics on {@code /metrics}; sending goes through {@link #send}. */
    public Producer<String, MetricEvent> producer() {
        return producer;
    }

    /** Waits for every event sent to be answered (bounded), then closes. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? e.getMessage() : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
