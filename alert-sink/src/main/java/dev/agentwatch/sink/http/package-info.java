/**
 * The sink's HTTP surface: {@code GET /metrics} (Prometheus text) and {@code GET /health}.
 */
package dev.agentwatch.sink.http;
