package dev.agentwatch.cli.silence;

import picocli.CommandLine.Command;

@Command(name = "silence", description = "Mute alerts for a while; stored in the silences topic, honoured by every sink.",
        mixinStandardHelpOptions = true, subcommands = {SilenceAddCommand.class, SilenceListCommand.class, SilenceExpireCommand.class})
public final class SilenceCommand {
}
