package dev.agentwatch.cli.silence;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.sink.kafka.SilenceAdmin;
import dev.agentwatch.sink.silence.Silence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List silences (active, pending, recently expired).")
public final class SilenceListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (SilenceAdmin admin = SilenceAdmin.forConfig(AgentwatchConfig.load())) {
            Instant now = Instant.now();
            for (Silence s : admin.list()) {
                spec.commandLine().getOut().println(SilenceLine.format(s, now));
            }
        }
        return 0;
    }
}
