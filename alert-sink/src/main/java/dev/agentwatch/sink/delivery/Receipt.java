package dev.agentwatch.sink.delivery;

/**
 * What became of a notification a {@link DeliveryQueue} took, as the queue says: still on its way, delivered, or not
 * (refused, retries exhausted, pushed out of a full queue: parked). Written by the queue's worker, read on any thread.
 */
public interface Receipt {

    enum State { PENDING, DELIVERED, UNDELIVERED }

    State state();
}
