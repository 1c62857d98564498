package dev.agentwatch.cli.e2e;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC section 2's two seed blocks, read from {@code ../shared/SPEC.md} as printed there today (so a change of the
 * contract is tested as it lands), pass {@code rules validate} and {@code rules apply} on the real broker.
 */
@WithLocalKafka
class SpecSeedBlocksTest {

    private static final Path SPEC = Path.of("..", "..", "shared", "SPEC.md");

    @Test
    void bothSeedBlocksValidateAndApplyAsPrinted(LocalKafka kafka) throws Exception {
        Assumptions.assumeTrue(Files.exists(SPEC), "skipped: " + SPEC.toAbsolutePath().normalize()
                + " is absent (the SPEC beside the clone holds the seed blocks)");
        List<String> blocks = seedBlocks(Files.readString(SPEC));
        assertThat(blocks).as("the yaml blocks of SPEC section 2").hasSizeGreaterThanOrEqualTo(2);
        Processes p = new Processes(kafka, "seedblocks");
        // as the streams app creates it on its first start
        kafka.createTopic(p.topic("rules"), 1, java.util.Map.of("cleanup.policy", "compact"));
        for (int i = 0; i < 2; i++) {
            Path file = p.file("seed-" + (i + 1) + ".yaml", blocks.get(i));
            Processes.Result validated = p.cli("rules", "validate", file.toString());
            assertThat(validated.exitCode()).as(validated.output()).isZero();
            Processes.Result applied = p.cli("rules", "apply", file.toString());
            assertThat(applied.exitCode()).as(applied.output()).isZero();
        }
        assertThat(blocks.get(1)).contains("metrics:");
    }

    /** The ```yaml blocks between "## 2." and the next section heading. */
    private static List<String> seedBlocks(String spec) {
        int start = spec.indexOf("\n## 2.");
        int end = spec.indexOf("\n## 3.", start);
        String section = spec.substring(start, end < 0 ? spec.length() : end);
        List<String> out = new ArrayList<>();
        int at = 0;
        while ((at = section.indexOf("```yaml\n", at)) >= 0) {
            int close = section.indexOf("```", at + 8);
            out.add(section.substring(at + 8, close));
            at = close + 3;
        }
        return out;
    }
}
