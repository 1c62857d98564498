/**
 * The sink's configuration file ({@code config/alert-sink.yaml}) read and validated into the types the stages
 * take: the route tree, receivers and their integrations, inhibit rules, delivery, consumer and HTTP settings.
 */
package dev.agentwatch.sink.config;
