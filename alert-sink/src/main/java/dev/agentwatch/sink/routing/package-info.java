/**
 * Second stage: Alertmanager's routing tree, which gives each alert the route nodes (receiver, group_by,
 * timings) that take it.
 */
package dev.agentwatch.sink.routing;
