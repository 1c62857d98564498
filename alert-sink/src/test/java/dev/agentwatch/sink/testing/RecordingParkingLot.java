package dev.agentwatch.sink.testing;

import dev.agentwatch.sink.delivery.ParkingLot;
import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.model.SourceRecord;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what would go to the dead-letter topic, for tests without a broker (the Kafka one is tested on a broker). */
public final class RecordingParkingLot implements ParkingLot {

    public record Parked(String fingerprint, String integration, String reason, String detail) {
    }

    public final List<Parked> parked = new CopyOnWriteArrayList<>();

    @Override
    public void park(List<NotifiedAlert> alerts, String integration, String reason, String detail) {
        for (NotifiedAlert a : alerts) {
            parked.add(new Parked(a.fingerprint(), integration, reason, detail));
        }
    }

    @Override
    public void parkRecord(SourceRecord source, byte[] key, byte[] value, String reason, String detail) {
        parked.add(new Parked(null, null, reason, detail));
    }
}
