/**
 * Inhibit rules and the {@code Inhibitor}, the muter of the fourth stage: a firing source alert mutes the
 * targets that share its {@code equal} labels.
 */
package dev.agentwatch.sink.inhibit;
