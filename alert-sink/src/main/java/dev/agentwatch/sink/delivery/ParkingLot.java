package dev.agentwatch.sink.delivery;

import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.model.SourceRecord;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where notifications that cannot be delivered go: the alerts dead-letter topic, each alert with the reason. Calls
 * return only once every write is stored or has failed, and never throw: a failure says whether writing again can
 * help (a broker away) or never will (the producer refused the record), so callers bound their retries.
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

    /** Why a write did not get stored, and whether the same write may succeed later. */
    record Failure(boolean retriable, String error) {
    }

    /** Writes every parcel; returns the ones not stored, with why (empty: all stored). */
    Map<Parcel, Failure> park(List<Parcel> parcels);

    /** An input record that could not even be read as an alert; empty when stored. */
    Optional<Failure> parkRecord(SourceRecord source, byte[] key, byte[] value, String reason, String detail);
}
