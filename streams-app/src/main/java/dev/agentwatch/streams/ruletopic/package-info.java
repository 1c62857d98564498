/**
 * The rules topic as the global stream thread of every instance reads it: which record runs
 * ({@link dev.agentwatch.streams.ruletopic.RulesTopicProcessor}) and the versions accepted so far, kept in the global
 * store ({@link dev.agentwatch.streams.ruletopic.AcceptedRuleSets}). Compiling a text is {@code rules}' job.
 */
package dev.agentwatch.streams.ruletopic;
