package dev.agentwatch.cli.silence;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.sink.kafka.SilenceAdmin;
import dev.agentwatch.sink.matching.Matcher;
import dev.agentwatch.sink.silence.Silence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code agentwatch silence add}. The silence is checked by the same rules every sink applies to what it reads
 * from the silences topic, before anything connects: an invalid one exits with {@value #INVALID} and says why.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Add a silence, e.g. --matcher 'agent_id=\"demo-support-01\"' --duration 2h --comment 'provider incident'")
public final class SilenceAddCommand implements Callable<Integer> {

    /** Picocli's exit code for bad input. */
    static final int INVALID = 2;

    @Option(names = "--matcher", required = true, description = "Alertmanager matcher: name=\"v\", name!=\"v\", name=~\"re\", name!~\"re\". Repeatable.")
    List<String> matchers;

    @Option(names = "--duration", required = true, description = "How long from now, e.g. 30min, 2h.")
    Duration duration;

    @Option(names = "--comment", required = true)
    String comment;

    @Option(names = "--created-by", defaultValue = "${sys:user.name}")
    String createdBy;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        Silence s;
        try {
            List<Matcher> parsed = new ArrayList<>();
            for (String m : matchers) {
                parsed.add(Matcher.parse(m));
            }
            s = SilenceAdmin.prepare(parsed, now, now.plus(duration), createdBy, comment, now);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("agentwatch silence add: invalid silence: " + e.getMessage());
            return INVALID;
        }
        try (SilenceAdmin admin = SilenceAdmin.forConfig(AgentwatchConfig.load())) {
            admin.add(s);
            spec.commandLine().getOut().println(SilenceLine.format(s, Instant.now()));
        }
        return 0;
    }
}
