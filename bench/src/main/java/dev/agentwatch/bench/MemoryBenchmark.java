package dev.agentwatch.bench;

import dev.agentwatch.bench.traffic.TrafficSources;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * The streams app's footprint with 100,000 agents under the heap it gets in `make run` (-Xmx1g): the same pipeline
 * as the throughput benchmark (produce, then the real topology until every event is accepted), then RSS and heap
 * after a full GC while every agent's windows are live, and whether it got there without running out of memory.
 * The last line is {@code memory_ok=true|false}.
 */
public final class MemoryBenchmark {

    static final Map<String, String> DEFAULTS = Map.of("events", "2000000", "agents", "100000", "partitions", "6",
            "span", "1h", "threads", "1", "timeout", "30min");
    private static final long MB = 1024 * 1024;

    private MemoryBenchmark() {
    }

    public static void main(String[] args) {
        BenchMain.main(args, DEFAULTS, MemoryBenchmark::run);
    }

    /**
     * Heap held back for the report: when the app runs out of memory its zombie threads keep the heap full, and
     * printing the verdict and stopping the broker must still work.
     */
    private static volatile byte[] reserve;

    static boolean run(BenchOptions options, PrintStream out) {
        reserve = new byte[32 * (int) MB];
        long maxHeapMb = Runtime.getRuntime().maxMemory() / MB;
        Throwable failure = null;
        long reached = 0;
        TrafficSources sources = null;
        try (BenchRun run = BenchRun.open("agentwatch memory benchmark", options, out)) {
            sources = run.sources();
            run.produce();
            try {
                BenchRun.StreamsOutcome o = run.streams(options.streamThreads().get(0));
                StreamsPass.Result r = o.pass();
                out.println("-- summary --");
                out.printf(Locale.ROOT, "memory: %,d agents, %,d events, max heap %,d MB: finished without OOM; rss %,d MB at the "
                                + "end (peak %,d MB), heap after full GC %,d MB = %,.0f bytes/agent; state %,.0f bytes/agent [load %s]%n",
                        options.agents(), r.accepted(), maxHeapMb, r.rssBytes() / MB, ProcFs.peakRssBytes() / MB,
                        r.heapAfterGcBytes() / MB, (double) r.heapAfterGcBytes() / options.agents(),
                        (double) o.stateBytes() / options.agents(), ProcFs.loadAverage());
            } catch (Throwable e) {
                reserve = null;
                failure = e;
            }
            reached = run.acceptedSoFar();
        } catch (Throwable e) {
            reserve = null;
            failure = failure != null ? failure : e;
        }
        reserve = null;
        if (failure == null) {
            BenchRun.attribution(sources, out);
            out.println("memory_ok=true");
            return true;
        }
        out.println("-- summary --");
        out.printf(Locale.ROOT, "memory: %,d agents, %,d events, max heap %,d MB: %s after %,d events accepted; peak rss %,d MB "
                        + "[load %s]%n", options.agents(), options.events(), maxHeapMb,
                causedByOom(failure) ? "OUT OF MEMORY" : "FAILED (" + failure + ")", reached, ProcFs.peakRssBytes() / MB,
                ProcFs.loadAverage());
        if (sources != null) {
            BenchRun.attribution(sources, out);
        }
        if (!causedByOom(failure)) {
            failure.printStackTrace(out);
        }
        out.println("memory_ok=false");
        return false;
    }

    private static boolean causedByOom(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }
}
