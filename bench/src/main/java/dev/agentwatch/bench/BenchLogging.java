package dev.agentwatch.bench;

import java.util.Objects;

/** Quiet library logging for benchmark output: set before anything logs, as LocalClusterMain does. */
final class BenchLogging {

    private static final String CONFIG = "/dev/agentwatch/bench/log4j2-bench.xml";

    private BenchLogging() {
    }

    static void configure() {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile",
                    Objects.requireNonNull(BenchLogging.class.getResource(CONFIG), CONFIG).toString());
        }
    }
}
