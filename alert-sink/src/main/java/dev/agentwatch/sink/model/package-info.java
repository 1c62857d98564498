/**
 * What flows between the stages: an alert's label set, a group's key, a notification and the alerts it
 * carries, where a record was read, and the {@code Muter} contract of the muting stages.
 */
package dev.agentwatch.sink.model;
