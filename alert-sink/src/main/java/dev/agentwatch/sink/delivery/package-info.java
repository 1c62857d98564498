/**
 * Seventh stage, retry: one ordered, bounded queue per integration, sent through the {@code Integration}
 * contract with rate limits, backoff and Retry-After, and parking in a {@code ParkingLot} what cannot be delivered.
 * Knows no receiver.
 */
package dev.agentwatch.sink.delivery;
