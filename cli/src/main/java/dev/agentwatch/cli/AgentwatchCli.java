package dev.agentwatch.cli;

import dev.agentwatch.cli.alerts.AlertsCommand;
import dev.agentwatch.cli.demo.DemoCommand;
import dev.agentwatch.cli.rules.RulesCommand;
import dev.agentwatch.cli.silence.SilenceCommand;
import dev.agentwatch.config.Durations;
import picocli.CommandLine;

import java.time.Duration;
import picocli.CommandLine.Command;

/** The {@code agentwatch} command: {@code bin/agentwatch} runs this with the module's classpath. */
@Command(name = "agentwatch", mixinStandardHelpOptions = true, version = "agentwatch 0.1.0",
        description = "Watch fleets of LLM agents: rules, alerts, silences, demo traffic.",
        subcommands = {RulesCommand.class, AlertsCommand.class, SilenceCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class AgentwatchCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code (for tests, which must not exit the JVM). */
    public static int run(String... args) {
        return new CommandLine(new AgentwatchCli())
                .registerConverter(Duration.class, Durations::parse) // 30s, 5min, 2h: as in config and rule files
                .setExecutionExceptionHandler(new CliErrors())
                .execute(args);
    }
}
