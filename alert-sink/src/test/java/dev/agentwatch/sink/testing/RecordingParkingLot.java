package dev.agentwatch.sink.testing;

import dev.agentwatch.sink.delivery.ParkingLot;
import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.model.SourceRecord;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps what would go to the dead-letter topic, for tests without a broker (the Kafka one is tested on a broker).
 * It plays the topic's three answers as the broker-level tests show {@code KafkaParkingLot} gives them: stored at
 * once; {@link #hold} (the topic does not take records: the write is not done until {@link #takeAgain}); and
 * {@link #refuse} (every record refused as a record).
 */
public final class RecordingParkingLot implements ParkingLot {

    public record Parked(String fingerprint, String integration, String reason, String detail) {
    }

    public final List<Parked> parked = new CopyOnWriteArrayList<>();
    /** Writes handed over, stored or not. */
    public volatile int writes;
    private volatile String refusal;
    private volatile boolean holding;
    private volatile RuntimeException thrown;
    private final List<Runnable> held = new ArrayList<>();

    /** From now on every record is refused as a record with this error; null to store again. */
    public void refuse(String error) {
        refusal = error;
    }

    /** From now on writes wait, as they do while the topic does not take records, until {@link #takeAgain}. */
    public synchronized void hold() {
        holding = true;
    }

    /** The topic takes records again: what waited is stored, and so is what comes. */
    public void takeAgain() {
        List<Runnable> waiting;
        synchronized (this) {
            holding = false;
            waiting = new ArrayList<>(held);
            held.clear();
        }
        waiting.forEach(Runnable::run);
    }

    /** The next call throws {@code e} instead of writing, as a bug below the caller would. */
    public void throwOnce(RuntimeException e) {
        thrown = e;
    }

    @Override
    public CompletableFuture<Map<Parcel, Refused>> park(List<Parcel> parcels) {
        throwIfAsked();
        writes += parcels.size();
        CompletableFuture<Map<Parcel, Refused>> result = new CompletableFuture<>();
        answer(() -> {
            Map<Parcel, Refused> refused = new IdentityHashMap<>();
            for (Parcel p : parcels) {
                String r = refusal;
                if (r != null) {
                    refused.put(p, new Refused(p.alerts(), r));
                    continue;
                }
                for (NotifiedAlert a : p.alerts()) {
                    parked.add(new Parked(a.fingerprint(), p.integration(), p.reason(), p.detail()));
                }
            }
            result.complete(refused);
        });
        return result;
    }

    @Override
    public CompletableFuture<Optional<String>> parkRecord(SourceRecord source, byte[] key, byte[] value, String reason, String detail) {
        throwIfAsked();
        writes++;
        CompletableFuture<Optional<String>> result = new CompletableFuture<>();
        answer(() -> {
            String r = refusal;
            if (r == null) {
                parked.add(new Parked(null, null, reason, detail));
            }
            result.complete(Optional.ofNullable(r));
        });
        return result;
    }

    private void answer(Runnable write) {
        synchronized (this) {
            if (holding) {
                held.add(write);
                return;
            }
        }
        write.run();
    }

    private void throwIfAsked() {
        RuntimeException e = thrown;
        if (e != null) {
            thrown = null;
            throw e;
        }
    }
}
