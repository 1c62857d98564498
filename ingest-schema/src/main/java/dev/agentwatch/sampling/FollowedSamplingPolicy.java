package dev.agentwatch.sampling;

import dev.agentwatch.topics.RulesTopicFollower;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The {@code sampling:} policy of the rules in effect, followed from the rules topic, for producers (the gateway,
 * the SDK's Kafka transport). {@link SamplingPolicy#NONE} until a rule file with a policy has been read.
 */
public final class FollowedSamplingPolicy implements Supplier<SamplingPolicy>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FollowedSamplingPolicy.class);

    private final AtomicReference<SamplingPolicy> policy = new AtomicReference<>(SamplingPolicy.NONE);
    private final RulesTopicFollower<SamplingPolicy> follower;

    /** @param clientProps Kafka client properties (bootstrap servers and any security settings) */
    public FollowedSamplingPolicy(Map<String, Object> clientProps, String rulesTopic) {
        this.follower = new RulesTopicFollower<>(clientProps, rulesTopic,
                text -> SamplingPolicies.fromRuleFile("<topic " + rulesTopic + ">", text), p -> {
                    policy.set(p);
                    LOG.info("sampling policy in effect: {}", p);
                });
    }

    public FollowedSamplingPolicy start() {
        follower.start();
        return this;
    }

    @Override
    public SamplingPolicy get() {
        return policy.get();
    }

    @Override
    public void close() throws InterruptedException {
        follower.close();
    }
}
