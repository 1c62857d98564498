/** Identities of events shared by every producer and consumer: the event_id hash. Plain Java. */
package dev.agentwatch.ids;
