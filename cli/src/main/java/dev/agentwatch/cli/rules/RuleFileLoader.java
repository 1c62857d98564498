package dev.agentwatch.cli.rules;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.rules.RuleCompileOptions;
import dev.agentwatch.rules.RuleError;
import dev.agentwatch.rules.RuleFileException;
import dev.agentwatch.rules.RuleFiles;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.streams.StreamsSettings;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Compiles a rule file as the streams app will: with the slice width of the app's configuration. */
final class RuleFileLoader {

    private RuleFileLoader() {
    }

    static RuleSet compile(Path file) {
        return compile(file, options(AgentwatchConfig.load()));
    }

    static RuleSet compile(Path file, RuleCompileOptions options) {
        return RuleFiles.load(file, options);
    }

    /** As the streams app configured by {@code config} compiles rule files. */
    static RuleCompileOptions options(AgentwatchConfig config) {
        return new RuleCompileOptions(StreamsSettings.from(config).slice());
    }

    static void printErrors(RuleFileException e, PrintWriter err) {
        for (RuleError error : e.errors()) {
            err.println(error.format());
        }
        err.printf("%d error%s; nothing was applied%n", e.errors().size(), e.errors().size() == 1 ? "" : "s");
        err.flush();
    }
}
