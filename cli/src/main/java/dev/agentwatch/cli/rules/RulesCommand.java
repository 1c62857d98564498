package dev.agentwatch.cli.rules;

import picocli.CommandLine.Command;

@Command(name = "rules", description = "Validate and apply rule files.", mixinStandardHelpOptions = true,
        subcommands = {RulesValidateCommand.class, RulesApplyCommand.class})
public final class RulesCommand {
}
