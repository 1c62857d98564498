package dev.agentwatch.cli.rules;

import dev.agentwatch.rules.RuleFileException;
import dev.agentwatch.rules.RuleSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Checks a rule file without publishing it: exit 0 when valid, 1 with {@code file:line:col: message} lines when not. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a rule file; print every error with line and column.")
public final class RulesValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            RuleSet rules = RuleFileLoader.compile(file);
            spec.commandLine().getOut().printf("%s: OK, %d rules, rule_version %d, windows %s%n", file, rules.rules().size(),
                    rules.version(), rules.windows());
            return 0;
        } catch (RuleFileException e) {
            RuleFileLoader.printErrors(e, spec.commandLine().getErr());
            return 1;
        }
    }
}
