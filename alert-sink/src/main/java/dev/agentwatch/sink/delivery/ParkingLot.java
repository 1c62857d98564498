package dev.agentwatch.sink.delivery;

import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.model.SourceRecord;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where notifications that cannot be delivered go: the alerts dead-letter topic, each alert with the reason. Calls
 * return at once and never throw; each future completes, never exceptionally, once every record is stored or
 * refused as a record.
 *
 * <p>Only a record the topic refuses as a record, even without its value (too large, a bad timestamp), is given
 * up: that is the record's fault and writing it again cannot help. While the topic does not take records at all
 * (missing, not authorized, no leader, timeouts, a producer in a fatal state) the future does not complete: the
 * lot retries, with the retry floor and backoff, for as long as that lasts, so the offsets of what waits stay
 * held as they do for a receiver that is down.
 */
public interface ParkingLot {

    /** One notification's alerts to park, the integration that could not deliver them, and why. Identity matters. */
    final class Parcel {

        private final List<NotifiedAlert> alerts;
        private final String integration;
        private final String reason;
        private final String detail;

        public Parcel(List<NotifiedAlert> alerts, String integration, String reason, String detail) {
            this.alerts = List.copyOf(alerts);
            this.integration = integration;
            this.reason = reason;
            this.detail = detail;
        }

        public List<NotifiedAlert> alerts() {
            return alerts;
        }

        public String integration() {
            return integration;
        }

        public String reason() {
            return reason;
        }

        public String detail() {
            return detail;
        }
    }

    /** The alerts of a parcel the topic refused as records, and why; its other alerts are stored. */
    record Refused(List<NotifiedAlert> alerts, String error) {
    }

    /** Completes with the parcels that had an alert refused (empty: every alert stored). */
    CompletableFuture<Map<Parcel, Refused>> park(List<Parcel> parcels);

    /** An input record that could not even be read as an alert: completes empty once stored, else with why it was refused. */
    CompletableFuture<Optional<String>> parkRecord(SourceRecord source, byte[] key, byte[] value, String reason, String detail);
}
