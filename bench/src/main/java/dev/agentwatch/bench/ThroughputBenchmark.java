package dev.agentwatch.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Events per second of the streams app against a bare consumer, on one real broker, in one run: produce N events to
 * the metrics topic, (a) read it all with a plain byte consumer, (b) run the real topology over it until all N are
 * accepted. The last line is {@code throughput_ratio=<b/a>}, with b from the first stream-thread count given.
 */
public final class ThroughputBenchmark {

    static final Map<String, String> DEFAULTS = Map.of("events", "2000000", "agents", "10000", "partitions", "6",
            "span", "1h", "threads", "1", "timeout", "30min", "incidents", "20");

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) {
        BenchMain.main(args, DEFAULTS, ThroughputBenchmark::run);
    }

    static boolean run(BenchOptions options, PrintStream out) {
        try (BenchRun run = BenchRun.open("agentwatch throughput benchmark", options, out)) {
            run.produce();
            BareConsumerPass.Result bare = run.consume();
            CeilingPass.Result ceiling = run.ceiling();
            List<BenchRun.StreamsOutcome> passes = new ArrayList<>();
            for (int threads : options.streamThreads()) {
                passes.add(run.streams(threads));
            }
            out.println("-- summary --");
            for (BenchRun.StreamsOutcome o : passes) {
                StreamsPass.Result r = o.pass();
                out.printf(Locale.ROOT, "threads=%d: consumer %,.0f events/s, streams %,.0f events/s (total incl. startup %,.0f), "
                                + "ratio %.3f (%.3f of the Streams ceiling, %,.0f events/s); rss %,d MB; state %,.0f bytes/agent; changelog %,.0f bytes/agent%n",
                        r.threads(), bare.eventsPerSecond(), r.eventsPerSecond(), r.totalEventsPerSecond(),
                        r.eventsPerSecond() / bare.eventsPerSecond(), r.eventsPerSecond() / ceiling.eventsPerSecond(),
                        ceiling.eventsPerSecond(), r.rssBytes() / (1024 * 1024),
                        (double) o.stateBytes() / options.agents(), (double) o.changelogBytes() / options.agents());
            }
            BenchRun.attribution(run.sources(), out);
            out.printf(Locale.ROOT, "load at the end: %s%n", ProcFs.loadAverage());
            StreamsPass.Result primary = passes.get(0).pass();
            out.printf(Locale.ROOT, "throughput_ratio=%.3f%n", primary.eventsPerSecond() / bare.eventsPerSecond());
            return true;
        }
    }
}
