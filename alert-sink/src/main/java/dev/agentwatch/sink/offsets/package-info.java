/**
 * Which consumed offsets are done: a {@code Ticket} per record, held by whatever still owes it, and per
 * partition the lowest offset not yet done with the done ranges above it.
 */
package dev.agentwatch.sink.offsets;
