/**
 * Rule files (SPEC section 2): parsed, checked and compiled once, evaluated allocation-free per agent.
 *
 * <p><b>Flow.</b> {@link dev.agentwatch.rules.RuleFiles} reads YAML into a {@link dev.agentwatch.rules.RuleSet}
 * or refuses the file whole with every {@link dev.agentwatch.rules.RuleError} ({@code file:line:col: message}).
 * Conditions go text -> tokens ({@code ConditionLexer}) -> syntax tree ({@code ConditionParser}, {@code Expr})
 * -> unit-checked {@code ValueNode} trees ({@code ConditionCompiler}, {@link dev.agentwatch.rules.Condition}).
 * The topology asks {@link dev.agentwatch.rules.RuleSet} what windows, metrics and baselines to keep, picks each
 * agent's {@link dev.agentwatch.rules.RuleVariant} with {@link dev.agentwatch.rules.Rule#forAgent} (overrides
 * applied), and every evaluation interval calls {@link dev.agentwatch.rules.RuleVariant#evaluateStatus} (and
 * {@link dev.agentwatch.rules.RuleVariant#evaluate} when an alert event needs every value) with its
 * {@link dev.agentwatch.rules.RuleInputs} into a reused {@link dev.agentwatch.rules.RuleEvaluation}.
 *
 * <p><b>Units.</b> Values are in base units: latencies in ms ({@code 2s} = 2000), fractions 0..1
 * ({@code 5%} = 0.05), USD ({@code $0.50} = 0.5; {@code cost_rate} is USD per hour), windows and horizons as
 * durations. A literal unit must fit the metric it meets ({@code latency_p95 > 5%} is refused); custom
 * metrics take any unit.
 *
 * <p><b>Choices where SPEC is silent.</b> Rules without {@code alert:} are named from their condition
 * ({@link dev.agentwatch.rules.RuleNames}). Bare {@code baseline} means the baseline of the one metric the
 * condition compares (refused if it has several). {@code sampling:} is checked here and applied by the producers. Defaults: severity
 * warning, hold 0, keep_firing_for 0, min_samples 20 (unweighted events in the window), no_data ok. Maps
 * ({@code match}, {@code labels}, {@code annotations}) merge key by key from defaults to rule to override; the
 * first override whose match accepts the agent wins. A window is at most 1 day and a whole number of the app's
 * slices; a horizon 5 min to 30 d. Division by zero is no data.
 *
 * <p><b>Hostile input.</b> Rule texts also arrive from the rules topic, read by the global stream thread of every
 * instance, which cannot be replaced: compiling a text throws nothing but {@link dev.agentwatch.rules.RuleFileException}
 * (an unforeseen exception, a StackOverflowError included, becomes one), within the limits of
 * {@link dev.agentwatch.rules.RuleLimits} and {@link dev.agentwatch.config.YamlFiles}.
 * {@link dev.agentwatch.rules.RulesTopicCodec} says how records are keyed, and
 * {@link dev.agentwatch.streams.ruletopic.RulesTopicProcessor} which record runs.
 */
package dev.agentwatch.rules;
