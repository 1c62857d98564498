package dev.agentwatch.gateway.json;

/** What is wrong with one field of one event, as the 400 answer lists it. */
public record FieldError(String field, String message) {
}
