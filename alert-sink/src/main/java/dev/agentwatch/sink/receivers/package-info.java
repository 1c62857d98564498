/**
 * The integrations a delivery queue sends through: Slack, PagerDuty, a generic webhook in Alertmanager's
 * shape, the console; their bodies and the HTTP outcomes they share.
 */
package dev.agentwatch.sink.receivers;
