package dev.agentwatch.sink.testing;

import dev.agentwatch.sink.delivery.ParkingLot;
import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.model.SourceRecord;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps what would go to the dead-letter topic, for tests without a broker (the Kafka one is tested on a broker).
 * {@link #refuse} makes it play a dead-letter topic that is unavailable (retriable) or that refuses every record
 * (not retriable), as the broker-level tests show {@code KafkaParkingLot} reports them.
 */
public final class RecordingParkingLot implements ParkingLot {

    public record Parked(String fingerprint, String integration, String reason, String detail) {
    }

    public final List<Parked> parked = new CopyOnWriteArrayList<>();
    /** Writes tried, stored or not. */
    public volatile int writes;
    private volatile Failure refusal;
    private volatile RuntimeException thrown;

    /** From now on every write fails like this; null to store again. */
    public void refuse(Failure f) {
        refusal = f;
    }

    /** The next call throws {@code e} instead of writing, as a bug below the caller would. */
    public void throwOnce(RuntimeException e) {
        thrown = e;
    }

    @Override
    public Map<Parcel, Failure> park(List<Parcel> parcels) {
        RuntimeException e = thrown;
        if (e != null) {
            thrown = null;
            throw e;
        }
        Map<Parcel, Failure> failed = new IdentityHashMap<>();
        for (Parcel p : parcels) {
            writes++;
            Failure f = refusal;
            if (f != null) {
                failed.put(p, f);
                continue;
            }
            for (NotifiedAlert a : p.alerts()) {
                parked.add(new Parked(a.fingerprint(), p.integration(), p.reason(), p.detail()));
            }
        }
        return failed;
    }

    @Override
    public Optional<Failure> parkRecord(SourceRecord source, byte[] key, byte[] value, String reason, String detail) {
        writes++;
        Failure f = refusal;
        if (f == null) {
            parked.add(new Parked(null, null, reason, detail));
        }
        return Optional.ofNullable(f);
    }
}
