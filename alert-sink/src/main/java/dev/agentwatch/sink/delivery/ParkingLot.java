package dev.agentwatch.sink.delivery;

import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.model.SourceRecord;

import java.util.List;

/** Where notifications a receiver refused go: the alerts dead-letter topic, each alert with the reason. */
public interface ParkingLot {

    /** Writes every alert with the reason; returns only once they are stored, throws when they are not. */
    void park(List<NotifiedAlert> alerts, String integration, String reason, String detail) throws Exception;

    /** An input record that could not even be read as an alert. */
    void parkRecord(SourceRecord source, byte[] key, byte[] value, String reason, String detail) throws Exception;
}
