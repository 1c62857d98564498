package dev.agentwatch.cli.alerts;

import picocli.CommandLine.Command;

@Command(name = "alerts", description = "Alerts on the alerts topic.", subcommands = AlertsTailCommand.class,
        mixinStandardHelpOptions = true)
public final class AlertsCommand {
}
