/**
 * Silences as Alertmanager models them: the rules a silence must pass, its JSON record, what a record of the
 * silences topic does to the {@code SilenceStore}, and the store itself, the muter of the fifth stage. Knows no
 * Kafka: the kafka package reads and writes the topic.
 */
package dev.agentwatch.sink.silence;
