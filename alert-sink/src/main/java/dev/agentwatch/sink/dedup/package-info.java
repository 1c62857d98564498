/**
 * First stage: drops an alert event that tells nothing new (the same transition again, or an older event).
 */
package dev.agentwatch.sink.dedup;
