/**
 * The alert lifecycle per (rule, agent): {@link dev.agentwatch.alerting.AlertState} is the one state machine
 * (inactive, pending, firing; FIRING and RESOLVED emitted once each), persisted with
 * {@link dev.agentwatch.alerting.AlertStateCodec}; {@link dev.agentwatch.alerting.Fingerprint} names an alert
 * and {@link dev.agentwatch.alerting.AlertEvents} builds the {@code agentwatch.alerts} record of a transition.
 */
package dev.agentwatch.alerting;
