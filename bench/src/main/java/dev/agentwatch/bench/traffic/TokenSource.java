package dev.agentwatch.bench.traffic;

import java.util.random.RandomGenerator;

/** Where agents' typical calls come from: a recorded trace, or a fitted synthetic shape. */
public interface TokenSource {

    TokenSample sample(RandomGenerator random);

    /** For bench output: what the counts are drawn from. */
    String describe();
}
