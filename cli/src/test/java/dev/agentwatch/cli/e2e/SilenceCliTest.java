package dev.agentwatch.cli.e2e;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** `agentwatch silence add|list|expire` against the real broker, as an operator types them. */
@WithLocalKafka
class SilenceCliTest {

    @Test
    void addListExpire(LocalKafka kafka) throws Exception {
        Processes p = new Processes(kafka, "silence");
        Processes.Result added = p.cli("silence", "add", "--matcher", "agent_id=\"demo-support-01\"", "--duration", "2h",
                "--comment", "provider incident", "--created-by", "oncall");
        assertThat(added.exitCode()).as(added.output()).isZero();
        String id = added.output().lines().filter(l -> l.contains("ACTIVE")).findFirst().orElseThrow().split(" ")[0];

        Processes.Result listed = p.cli("silence", "list");
        assertThat(listed.output()).contains(id + " ACTIVE").contains("demo-support-01").contains("by oncall: provider incident");

        assertThat(p.cli("silence", "expire", id).exitCode()).isZero();
        assertThat(p.cli("silence", "list").output()).contains(id + " EXPIRED");
        Processes.Result unknown = p.cli("silence", "expire", "no-such-id");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.output()).contains("no silence with id no-such-id");

        Processes.Result bad = p.cli("silence", "add", "--matcher", "agent_id~~x", "--duration", "1h", "--comment", "x");
        assertThat(bad.exitCode()).isNotZero();
    }
}
