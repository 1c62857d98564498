/**
 * Producer-side sampling (SPEC section 2, {@code sampling:}): the policy by decision class ({@code request_type})
 * as the rule file in effect states it, and the one decision both doors (the HTTP gateway and the Java SDK) take
 * with it. A kept event's {@code sample_rate} is multiplied by the class's fraction, so every count and sum the
 * streams app weights by {@code 1/sample_rate} stays unbiased. Plain Java; no I/O.
 */
package dev.agentwatch.sampling;
