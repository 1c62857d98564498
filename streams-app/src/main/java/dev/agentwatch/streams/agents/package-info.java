/**
 * The Kafka Streams processor of one task's agents and the units it is made of:
 * {@link dev.agentwatch.streams.agents.EventClock} (event time, idle advance),
 * {@link dev.agentwatch.streams.agents.SliceWriteBack} (changed slices written once per commit to the
 * {@link dev.agentwatch.streams.agents.SliceStore}), {@link dev.agentwatch.streams.agents.TaskRestore} (memory rebuilt
 * from the three stores), {@link dev.agentwatch.streams.agents.EvaluationSchedule} and
 * {@link dev.agentwatch.streams.agents.AgentSweep} (what each boundary of event time triggers),
 * {@link dev.agentwatch.streams.agents.BaselineBackfill} (a backlog older than the slices held) and
 * {@link dev.agentwatch.streams.agents.AgentAdmission} (the cap on agents). It maps the wire schema onto the domain
 * ({@link dev.agentwatch.streams.agents.MetricObservation}) and the domain's stores onto Kafka's.
 */
package dev.agentwatch.streams.agents;
