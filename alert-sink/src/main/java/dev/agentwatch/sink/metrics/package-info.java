/**
 * The sink's counters and gauges (deliveries by outcome, parked and unreadable records, dead-letter writes, refused
 * silences, queue sizes), scraped by the http package; labels are names from the configuration and short codes only.
 */
package dev.agentwatch.sink.metrics;
