package dev.agentwatch.cli.e2e;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;

/** `agentwatch rules validate|apply` on files written to hurt the parser: located errors, exit 1, no stack trace. */
@WithLocalKafka
class HostileRuleFileCliTest {

    @Test
    void aControlCharacterAndAnAliasBombAreErrorsOfTheFile(LocalKafka kafka) throws Exception {
        Processes p = new Processes(kafka, "hostile-cli");
        Path control = p.file("control.yaml", "- alert: A\n  condition: error_rate\u0001 > 5%\n");
        StringBuilder bomb = new StringBuilder("lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 9; level++) {
            bomb.append("lol").append(level).append(": &lol").append(level).append(" [")
                    .append(String.join(", ", Collections.nCopies(9, "*lol" + (level - 1)))).append("]\n");
        }
        Path aliases = p.file("bomb.yaml", bomb.toString());

        for (String command : new String[] {"validate", "apply"}) {
            Processes.Result r = p.cli("rules", command, control.toString());
            assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
            assertThat(r.output()).contains(control + ":2:24: YAML syntax: character U+0001 is not allowed (not printable)")
                    .contains("1 error; nothing was applied").doesNotContain("Exception");
        }
        Processes.Result r = p.cli("rules", "validate", aliases.toString());
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("YAML: aliases expand the document to more than 1000000 values").doesNotContain("Exception");
    }
}
