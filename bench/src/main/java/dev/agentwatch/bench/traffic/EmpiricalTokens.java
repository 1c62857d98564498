package dev.agentwatch.bench.traffic;

import java.util.random.RandomGenerator;

/** Draws whole rows of a recorded trace, so prompt and completion sizes keep their real joint distribution. */
public final class EmpiricalTokens implements TokenSource {

    private final TraceRows rows;

    public EmpiricalTokens(TraceRows rows) {
        this.rows = rows;
    }

    @Override
    public TokenSample sample(RandomGenerator random) {
        int i = random.nextInt(rows.size());
        return new TokenSample(rows.tokensIn()[i], rows.tokensOut()[i], rows.cachedIn()[i]);
    }

    @Override
    public String describe() {
        return rows.name() + " trace (" + rows.size() + " requests, resampled)";
    }
}
