package dev.agentwatch.bench;

import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.streams.AgentwatchTopology;
import dev.agentwatch.streams.AppTopology;
import dev.agentwatch.streams.StreamsAppMain;
import dev.agentwatch.streams.StreamsSettings;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The real topology (AgentwatchTopology.build, StreamsAppMain's properties and windows) over the metrics topic from
 * the beginning, with a fresh application id and state directory, until every event is accepted. Measures the
 * processing rate from the first accepted record to the last, and the total including startup.
 */
final class StreamsPass {

    /** Polling the counter every 2 ms costs nothing measurable and bounds the timing error to 2 ms. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /**
     * @param processingSeconds from the first observed accepted record to the last; {@code processedEvents} in it
     * @param totalSeconds      from KafkaStreams#start to the last accepted record
     */
    record Result(int threads, List<String> stores, long accepted, long processedEvents, double processingSeconds, double startupSeconds,
                  double totalSeconds, Map<String, Long> deadLettered, long windowTicks, long rssBytes, long heapAfterGcBytes,
                  long rssAfterGcBytes) {
        double eventsPerSecond() {
            return processedEvents / processingSeconds;
        }

        double totalEventsPerSecond() {
            return accepted / totalSeconds;
        }
    }

    private StreamsPass() {
    }

    /**
     * Runs until {@code expected} events are accepted, measures memory while the windows are still live, closes.
     * {@code progress} follows the accepted count, so a caller can say how far a failed pass got.
     */
    static Result run(StreamsSettings settings, RuleBook rules, long expected, long deadlineNanos, PrintStream out, AtomicLong progress) {
        IngestCounters counters = new IngestCounters();
        LongAdder ticks = new LongAdder();
        AppTopology app = AppTopology.build(settings,
                new AppTopology.Shared(counters, rules).withTicks((boundary, changed) -> ticks.add(changed.size())));
        Topology topology = app.topology();
        Properties props = StreamsAppMain.streamsProperties(settings);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        KafkaStreams streams = new KafkaStreams(topology, props);
        // Unlike the app (REPLACE_THREAD), stop at the first failure: a benchmark must report it, not retry around it.
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        // Any thread dying of an error (out of memory hits client network threads too) ends the pass.
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> failure.compareAndSet(null, e));
        try {
            long t0 = System.nanoTime();
            streams.start();
            long first = 0;
            long acceptedAtFirst = 0;
            long lastReport = t0;
            long now;
            long accepted;
            while (true) {
                accepted = counters.acceptedCount();
                progress.set(accepted);
                now = System.nanoTime();
                if (accepted > 0 && first == 0) {
                    first = now;
                    acceptedAtFirst = accepted;
                }
                if (accepted >= expected) {
                    break;
                }
                if (failure.get() != null || streams.state() == KafkaStreams.State.ERROR
                        || streams.state() == KafkaStreams.State.PENDING_ERROR) {
                    throw new IllegalStateException("the streams app failed after " + accepted + " events: " + failure.get(),
                            failure.get());
                }
                if (now > deadlineNanos) {
                    throw new BenchTimeoutException("streams: " + accepted + " of " + expected + " events accepted before the deadline");
                }
                if (now - lastReport > 15_000_000_000L) {
                    out.printf("  streams: %,d events accepted (%.0f/s since start), dead-lettered %s, heap used %,d MB%n",
                            accepted, accepted / ((now - t0) / 1e9), counters.deadLetteredByReason(),
                            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024));
                    lastReport = now;
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
            long rss = ProcFs.rssBytes();
            // Heap after a full GC, while the windows of every agent are live: the app's real footprint.
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long rssAfterGc = ProcFs.rssBytes();
            return new Result(settings.numStreamThreads(), stores(topology), accepted, accepted - acceptedAtFirst, (now - first) / 1e9,
                    (first - t0) / 1e9, (now - t0) / 1e9, counters.deadLetteredByReason(), ticks.sum(), rss, heap, rssAfterGc);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
            streams.close(Duration.ofSeconds(60));
            app.close();
        }
    }

    /** The state stores of the topology as built, so the output says what was measured. */
    private static List<String> stores(Topology topology) {
        return topology.describe().subtopologies().stream()
                .flatMap(s -> s.nodes().stream())
                .filter(n -> n instanceof TopologyDescription.Processor)
                .flatMap(n -> ((TopologyDescription.Processor) n).stores().stream())
                .distinct().sorted().toList();
    }

    /** Where a pass keeps its state: a fresh directory per application id. */
    static Path stateDir(Path runDir, String applicationId) {
        return runDir.resolve("state").resolve(applicationId).toAbsolutePath();
    }
}
