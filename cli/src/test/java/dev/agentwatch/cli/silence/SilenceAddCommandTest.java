package dev.agentwatch.cli.silence;

import dev.agentwatch.cli.AgentwatchCli;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code agentwatch silence add} refuses an invalid silence by the rules every sink applies to the silences topic,
 * with exit code 2 and one line saying why, before it connects to anything (no broker runs here).
 */
class SilenceAddCommandTest {

    private record Run(int exitCode, String err) {
    }

    private static Run add(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] full = new String[args.length + 2];
            full[0] = "silence";
            full[1] = "add";
            System.arraycopy(args, 0, full, 2, args.length);
            return new Run(AgentwatchCli.run(full), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    private static void assertRefused(Run r, String why) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("agentwatch silence add: invalid silence: ").contains(why);
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    @Test
    void aSilenceThatWouldMuteEverythingIsRefused() {
        assertRefused(add("--matcher", "team=~\".*\"", "--duration", "1h", "--comment", "x", "--created-by", "me"),
                "at least one matcher must not match an empty label");
        assertRefused(add("--matcher", "team=\"\"", "--matcher", "env!=\"prod\"", "--duration", "1h", "--comment", "x"),
                "would mute everything");
    }

    @Test
    void boundsAndTimesAreChecked() {
        assertRefused(add("--matcher", "agent_id=\"a\"", "--duration", "1h", "--comment", "c".repeat(3_000)),
                "comment is longer than 2048 characters");
        assertRefused(add("--matcher", "agent_id=\"" + "v".repeat(2_000) + "\"", "--duration", "1h", "--comment", "x"),
                "matcher value is longer than 1024 characters");
        assertRefused(add("--matcher", "agent_id=\"a\"", "--duration", "0s", "--comment", "x"), "endsAt must be after startsAt");
        assertRefused(add("--matcher", "agent_id=\"a\"", "--duration", "1h", "--comment", " "), "a comment is required");
    }

    @Test
    void badMatchersAreRefusedWithTheirReason() {
        assertRefused(add("--matcher", "agent_id~~x", "--duration", "1h", "--comment", "x"), "expected a matcher");
        assertRefused(add("--matcher", "agent_id=~\"((a{1000}){1000}){1000}\"", "--duration", "1h", "--comment", "x"),
                "bad regular expression");
        assertRefused(add("--matcher", "agent_id=~\"(a)\\\\1\"", "--duration", "1h", "--comment", "x"), "bad regular expression");
    }
}
