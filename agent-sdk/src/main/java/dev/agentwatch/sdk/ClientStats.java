package dev.agentwatch.sdk;

/**
 * Counters of one client since it was built. Every recorded event ends in exactly one place:
 * {@code recorded = sampledOut + invalid + droppedQueueFull + enqueued}, and every enqueued one, once the client is
 * closed, in {@code delivered + rejected + failed + abandonedOnClose}; until then some are {@code queued} or
 * {@code inFlight}.
 *
 * @param recorded         calls of {@code record}
 * @param sampledOut       dropped by the sampling policy (the kept ones carry the matching {@code sample_rate})
 * @param invalid          refused before queueing because they break SPEC section 5 (negative tokens, ...)
 * @param droppedQueueFull dropped because the queue was full (the agent is faster than the transport) or the
 *                         client was closed
 * @param enqueued         taken into the queue
 * @param queued           waiting in the queue now
 * @param inFlight         in the batch being sent now
 * @param delivered        acknowledged by Kafka (directly or through the gateway)
 * @param rejected         refused by the gateway as invalid
 * @param failed           given up after the transport's retries
 * @param abandonedOnClose still queued when {@code close} ran out of time
 */
public record ClientStats(long recorded, long sampledOut, long invalid, long droppedQueueFull, long enqueued,
                          long queued, long inFlight, long delivered, long rejected, long failed,
                          long abandonedOnClose) {

    /** Events recorded but not sent: sampled out is not a loss, these are. */
    public long lost() {
        return invalid + droppedQueueFull + rejected + failed + abandonedOnClose;
    }
}
