/**
 * Label matchers ({@code =}, {@code !=}, {@code =~}, {@code !~}) with RE2 semantics, and the budget that
 * refuses a regex too costly to compile.
 */
package dev.agentwatch.sink.matching;
