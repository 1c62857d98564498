package dev.agentwatch.cli.silence;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.sink.matching.Matcher;
import dev.agentwatch.sink.silence.Silence;
import dev.agentwatch.sink.silence.SilenceAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Add a silence, e.g. --matcher 'agent_id=\"demo-support-01\"' --duration 2h --comment 'provider incident'")
public final class SilenceAddCommand implements Callable<Integer> {

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
        List<Matcher> parsed = matchers.stream().map(Matcher::parse).toList();
        try (SilenceAdmin admin = SilenceAdmin.forConfig(AgentwatchConfig.load())) {
            Silence s = admin.add(parsed, null, Instant.now().plus(duration), createdBy, comment);
            spec.commandLine().getOut().println(SilenceLine.format(s, Instant.now()));
        }
        return 0;
    }
}
