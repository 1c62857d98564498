package dev.agentwatch.sink.broker;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.sink.kafka.SilenceAdmin;
import dev.agentwatch.sink.kafka.SilenceFollower;
import dev.agentwatch.sink.kafka.TopicSetup;
import dev.agentwatch.sink.kafka.WholeTopicReader;
import dev.agentwatch.sink.matching.Matcher;
import dev.agentwatch.sink.silence.Silence;
import dev.agentwatch.sink.silence.SilenceStore;
import dev.agentwatch.sink.testing.MutableClock;
import dev.agentwatch.topics.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Silences on their compacted topic: add, list, expire, purge; a follower keeps a store equal to the topic. */
@WithLocalKafka
class SilenceAdminTest {

    @Test
    void addListExpireAndPurgeAreSeenByEveryFollower(LocalKafka kafka) throws Exception {
        String topic = kafka.uniqueName("silences");
        Instant t0 = Instant.now();
        MutableClock clock = new MutableClock(t0);
        SilenceStore store = new SilenceStore();
        try (SilenceAdmin admin = new SilenceAdmin(kafka.bootstrapServers(), topic, Optional.of((short) 1), clock);
             WholeTopicReader follower = SilenceFollower.follow(kafka.bootstrapServers(), topic, store, reason -> { }).start()) {
            assertThat(follower.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            Silence s = admin.add(List.of(Matcher.parse("agent_id=\"a-1\"")), null, t0.plus(Duration.ofHours(2)), "alice", "deploy");
            Silence other = admin.add(List.of(Matcher.parse("fleet=~\"batch.*\"")), t0.plus(Duration.ofHours(1)),
                    t0.plus(Duration.ofHours(3)), "bob", "nightly jobs");

            assertThat(admin.list()).extracting(Silence::id).containsExactly(s.id(), other.id());
            awaitStore(store, () -> store.all().size() == 2);
            assertThat(store.mutedBy(Map.of("agent_id", "a-1"), t0.plusSeconds(1))).contains(s);

            clock.advance(Duration.ofMinutes(10));
            Silence expired = admin.expire(s.id()).orElseThrow();
            assertThat(expired.endsAt()).isEqualTo(t0.plus(Duration.ofMinutes(10)));
            assertThat(admin.expire("no-such-id")).isEmpty();
            awaitStore(store, () -> store.get(s.id()).map(x -> x.endsAt().equals(expired.endsAt())).orElse(false));
            assertThat(store.mutedBy(Map.of("agent_id", "a-1"), clock.instant())).isEmpty();
            assertThat(admin.list()).extracting(Silence::id).as("expired silences are still listed").contains(s.id());

            clock.advance(Duration.ofDays(6));
            assertThat(admin.purgeExpired(Duration.ofDays(5))).isEqualTo(2);
            assertThat(admin.list()).isEmpty();
            awaitStore(store, () -> store.all().isEmpty());
        }
    }

    @Test
    void eventTopicsGetTheConfiguredPartitionsAndTheSilencesTopicOne(LocalKafka kafka) throws Exception {
        String alerts = kafka.uniqueName("alerts");
        String silences = kafka.uniqueName("silences");
        TopicSetup.ensure(kafka.bootstrapServers(), Optional.of((short) 1),
                List.of(TopicSpec.events(alerts, 3), TopicSpec.settings(silences)));
        try (Admin a = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            var described = a.describeTopics(List.of(alerts, silences)).allTopicNames().get();
            assertThat(described.get(alerts).partitions()).hasSize(3);
            // As the streams app makes it, so whichever starts first makes the same topic.
            assertThat(described.get(silences).partitions()).hasSize(1);
        }
    }

    @Test
    void invalidSilencesAreRefused(LocalKafka kafka) {
        Instant t0 = Instant.now();
        try (SilenceAdmin admin = new SilenceAdmin(kafka.bootstrapServers(), kafka.uniqueName("silences"), Optional.of((short) 1), new MutableClock(t0))) {
            Instant later = t0.plus(Duration.ofHours(1));
            assertThatThrownBy(() -> admin.add(List.of(), null, later, "a", "b")).hasMessageContaining("at least one matcher");
            assertThatThrownBy(() -> admin.add(List.of(Matcher.parse("team=~\".*\"")), null, later, "a", "b"))
                    .hasMessageContaining("would mute everything");
            assertThatThrownBy(() -> admin.add(List.of(Matcher.parse("team=a")), null, t0.minusSeconds(1), "a", "b"))
                    .hasMessageContaining("endsAt");
            assertThatThrownBy(() -> admin.add(List.of(Matcher.parse("team=a")), null, later, "a", " "))
                    .hasMessageContaining("comment");
            assertThatThrownBy(() -> admin.add(List.of(Matcher.parse("team=a")), null, later, "", "why"))
                    .hasMessageContaining("createdBy");
        }
    }

    private static void awaitStore(SilenceStore store, java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("follower did not catch up: " + store.all());
            }
            Thread.sleep(50);
        }
    }
}
