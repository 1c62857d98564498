package dev.agentwatch.alerting;

/** What one evaluation step asks to publish: at most one FIRING when an alert starts, one RESOLVED when it ends. */
public enum Transition {
    NONE, FIRING, RESOLVED
}
