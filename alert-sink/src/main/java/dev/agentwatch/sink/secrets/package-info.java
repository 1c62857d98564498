/**
 * Secrets read from the environment or files, never printed, and the redaction of text we did not write.
 */
package dev.agentwatch.sink.secrets;
