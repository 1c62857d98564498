package dev.agentwatch.rules;

/**
 * A compiled condition side: a small tree evaluated with doubles only (no boxing, no strings, no
 * allocation). Stateless, so one tree serves every agent and thread.
 */
abstract class ValueNode {

    abstract double eval(RuleInputs in);
}
