package dev.agentwatch.cli.silence;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.sink.kafka.SilenceAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "expire", mixinStandardHelpOptions = true, description = "End a silence now; its alerts notify again.")
public final class SilenceExpireCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID")
    String id;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (SilenceAdmin admin = SilenceAdmin.forConfig(AgentwatchConfig.load())) {
            var expired = admin.expire(id);
            if (expired.isEmpty()) {
                spec.commandLine().getErr().println("no silence with id " + id);
                return 1;
            }
            spec.commandLine().getOut().println(SilenceLine.format(expired.get(), Instant.now()));
            return 0;
        }
    }
}
