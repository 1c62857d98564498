package dev.agentwatch.cli;

import dev.agentwatch.config.ConfigException;
import picocli.CommandLine;

/**
 * Turns failures into one line on stderr and an exit code, not a stack trace: 2 for configuration errors
 * (the message names file, line and field), 1 for anything else.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof ConfigException) {
            cmd.getErr().println("agentwatch: configuration error: " + e.getMessage());
            return 2;
        }
        cmd.getErr().println("agentwatch " + cmd.getCommandName() + ": " + e);
        return 1;
    }
}
