package dev.agentwatch.bench;

import dev.agentwatch.bench.traffic.MetricEventGenerator;
import dev.agentwatch.bench.traffic.TrafficShape;
import dev.agentwatch.bench.traffic.TrafficSources;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.rules.RuleCompileOptions;
import dev.agentwatch.rules.RuleFiles;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.streams.AppTopology;
import dev.agentwatch.streams.StreamsSettings;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * One benchmark run's shared steps, printed as they finish: header, a private broker and registry, the topics,
 * the produce phase, the bare-consumer pass and streams passes over the same topic. Bounded by the deadline in
 * every phase and by a watchdog that exits the JVM (the shutdown hook then stops the cluster) if a phase hangs.
 */
final class BenchRun implements AutoCloseable {

    private static final long MB = 1024 * 1024;
    static final int CONSUMER_RUNS = 3;

    private final BenchOptions options;
    private final PrintStream out;
    private final long deadlineNanos;
    private final String runId;
    private final Path runDir;
    private final StreamsSettings baseSettings;
    private final MetricEventGenerator generator;
    private final Incidents incidents;
    private final BenchCluster cluster;
    private final CpuMeter cpu;
    static final Path RULES_FILE = Path.of("config", "rules.yaml");

    private final String metricsTopic;
    private final String dlqTopic;
    private final AtomicLong accepted = new AtomicLong();

    private BenchRun(String title, BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.deadlineNanos = System.nanoTime() + options.timeout().toNanos();
        Watchdog.start(options.timeout().plusSeconds(90), out);
        // The pid too: two engineers' benchmarks may start in the same second.
        this.runId = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now()) + "-"
                + ProcessHandle.current().pid();
        this.runDir = options.runDir().resolve(runId).toAbsolutePath();
        this.baseSettings = BenchSettings.fromConfig();
        this.metricsTopic = baseSettings.topics().metrics();
        this.dlqTopic = baseSettings.topics().metricsDlq();
        TrafficShape shape = TrafficShape.endingNow(options.events(), options.agents(), options.span())
                .withErrorRate(options.errorRate());
        TrafficSources sources = options.synthetic() ? TrafficSources.synthetic() : TrafficSources.fromSharedData(shape, options.callSpread());
        this.generator = new MetricEventGenerator(shape, sources, options.seed());
        this.incidents = Incidents.plan(options.incidents(), generator.population(), shape);
        printHeader(title, shape, sources);
        this.cluster = BenchCluster.start(runDir, options.keepRunDir(), out);
        this.cpu = new CpuMeter(cluster.brokerPid(), cluster.registryPid());
        try (TopicSizes admin = new TopicSizes(cluster.bootstrapServers())) {
            // The global rules store reads the rules topic; the rules themselves come from the file here.
            admin.create(BenchSettings.topics(baseSettings, options.partitions()), metricsTopic, dlqTopic,
                    baseSettings.topics().alerts(), baseSettings.topics().rules());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static BenchRun open(String title, BenchOptions options, PrintStream out) {
        return new BenchRun(title, options, out);
    }

    private void printHeader(String title, TrafficShape shape, TrafficSources sources) {
        out.println("== " + title + " ==");
        out.println("options: " + options.describe());
        out.printf(Locale.ROOT, "machine: %d cpus, java %s, max heap %d MB, load %s (uptime: 1, 5, 15 min)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / MB, ProcFs.loadAverage());
        out.println("traffic: " + shape.events() + " events, " + shape.agents() + " agents, event time " + shape.start()
                + " .. " + shape.end() + "; " + sources.describe());
        sources.notes().forEach(n -> out.println("traffic note: " + n));
        attribution(sources, out);
        out.println("streams app: topology AgentwatchTopology.build, StreamsAppMain properties (exactly_once_v2), windows "
                + AppTopology.DEFAULT_WINDOWS.stream().map(Duration::toString).collect(Collectors.joining(", "))
                + " (AppTopology.DEFAULT_WINDOWS), slice " + baseSettings.slice() + ", grace " + baseSettings.grace());
    }

    /** The attribution the traces' licences ask for, whenever results come from them. */
    static void attribution(TrafficSources sources, PrintStream out) {
        if (!sources.attributions().isEmpty()) {
            out.println("data: " + String.join(" | ", sources.attributions()));
        }
    }

    TrafficSources sources() {
        return generator.sources();
    }

    LoadProducer.Result produce() {
        CpuMeter.Snapshot c0 = cpu.snapshot();
        LoadProducer.Result r = LoadProducer.produce(generator.stream().map(incidents::apply).iterator(), metricsTopic,
                LoadProducer.producerConfig(cluster.bootstrapServers(), cluster.registryUrl(), options.compression()),
                deadlineNanos, out);
        long onDisk;
        try (TopicSizes admin = new TopicSizes(cluster.bootstrapServers())) {
            onDisk = admin.logBytes(metricsTopic::equals);
        }
        out.printf(Locale.ROOT, "produce: %,d events in %.1f s = %,.0f events/s; %,d MB serialized (%.0f B/event), %,d MB on the "
                        + "broker's disk (compression %s, acks=all, idempotent, linger 10 ms, batch 256 KiB) [%s]%n",
                r.events(), r.seconds(), r.eventsPerSecond(), r.bytes() / MB, (double) r.bytes() / r.events(), onDisk / MB,
                options.compression(), cpu.since(c0));
        return r;
    }

    /**
     * The bare consumer's rate, median of {@value #CONSUMER_RUNS} reads of the whole topic: one read takes a few
     * seconds, so a neighbour's build starting mid-read would otherwise decide the ratio.
     */
    BareConsumerPass.Result consume() {
        List<BareConsumerPass.Result> runs = new ArrayList<>();
        for (int i = 1; i <= CONSUMER_RUNS; i++) {
            CpuMeter.Snapshot c0 = cpu.snapshot();
            BareConsumerPass.Result r = BareConsumerPass.readAll(cluster.bootstrapServers(), metricsTopic, deadlineNanos);
            out.printf(Locale.ROOT, "consumer run %d: %,d records in %.2f s = %,.0f events/s (%.0f MB/s) [%s]%n", i, r.records(),
                    r.seconds(), r.eventsPerSecond(), r.bytes() / (double) MB / r.seconds(), cpu.since(c0));
            if (r.records() != options.events()) {
                throw new IllegalStateException("the topic holds " + r.records() + " records, not " + options.events());
            }
            runs.add(r);
        }
        runs.sort(Comparator.comparingDouble(BareConsumerPass.Result::eventsPerSecond));
        BareConsumerPass.Result median = runs.get(runs.size() / 2);
        out.printf(Locale.ROOT, "consumer: %,.0f events/s (median of %d reads of the whole topic, first poll to last record, "
                + "ByteArrayDeserializer, read_committed)%n", median.eventsPerSecond(), runs.size());
        return median;
    }

    /** Kafka Streams' own ceiling here: the app's properties and deserializer, no state (see {@link CeilingPass}). */
    CeilingPass.Result ceiling() {
        String appId = baseSettings.applicationId() + "-bench-" + runId + "-ceiling";
        StreamsSettings settings = BenchSettings.forRun(baseSettings, cluster.bootstrapServers(), cluster.registryUrl(),
                options.partitions(), appId, StreamsPass.stateDir(runDir, appId).toString(), 1);
        CpuMeter.Snapshot c0 = cpu.snapshot();
        CeilingPass.Result r = CeilingPass.run(settings, metricsTopic, options.events(), deadlineNanos);
        out.printf(Locale.ROOT, "streams ceiling: %,d records decoded in %.2f s = %,.0f events/s (exactly_once_v2, our Avro "
                + "deserializer, no state, one thread) [%s]%n", r.records(), r.seconds(), r.eventsPerSecond(), cpu.since(c0));
        return r;
    }

    /** A verified streams pass with what it left on disk: its state directory and its changelog topics. */
    record StreamsOutcome(StreamsPass.Result pass, long stateBytes, long changelogBytes) {
    }

    /** A streams pass with {@code threads} stream threads, verified: accepted == N and nothing dead-lettered. */
    StreamsOutcome streams(int threads) {
        String appId = baseSettings.applicationId() + "-bench-" + runId + "-t" + threads;
        Path stateDir = StreamsPass.stateDir(runDir, appId);
        StreamsSettings settings = BenchSettings.forRun(baseSettings, cluster.bootstrapServers(), cluster.registryUrl(),
                options.partitions(), appId, stateDir.toString(), threads);
        String tag = "streams(threads=" + threads + ")";
        Map<TopicPartition, Long> alertsFrom = AlertCheck.endOffsets(cluster.bootstrapServers(), baseSettings.topics().alerts());
        CpuMeter.Snapshot c0 = cpu.snapshot();
        StreamsPass.Result r = StreamsPass.run(settings, rules(settings), options.events(), deadlineNanos, out, accepted);
        String usage = cpu.since(c0);
        boolean baseline = r.stores().stream().anyMatch(n -> n.contains("baseline"));
        out.println(tag + ": topology stores " + r.stores() + (baseline ? "; baseline history is part of what is measured"
                : "; no baseline store in this topology yet, so the 1 h baseline is not measured"));
        out.printf(Locale.ROOT, "%s: processing %,d events in %.2f s = %,.0f events/s (first record processed to last); startup "
                        + "%.2f s; total incl. startup %.2f s = %,.0f events/s [%s]%n",
                tag, r.processedEvents(), r.processingSeconds(), r.eventsPerSecond(), r.startupSeconds(), r.totalSeconds(),
                r.totalEventsPerSecond(), usage);
        long dlqRecords;
        long changelog;
        try (TopicSizes admin = new TopicSizes(cluster.bootstrapServers())) {
            dlqRecords = admin.endOffsetSum(dlqTopic);
            changelog = admin.logBytes(t -> t.startsWith(appId + "-") && t.endsWith("-changelog"));
        }
        boolean ok = r.accepted() == options.events() && dlqRecords == 0 && r.deadLettered().isEmpty();
        out.printf(Locale.ROOT, "%s: check accepted=%,d (N=%,d), dlq records=%d, dead-lettered=%s, window ticks=%,d -> %s%n",
                tag, r.accepted(), options.events(), dlqRecords, r.deadLettered(), r.windowTicks(), ok ? "OK" : "FAILED");
        long state = DiskUsage.bytes(stateDir);
        out.printf(Locale.ROOT, "%s: rss %,d MB at the end (VmRSS of the benchmark JVM; %,d MB after a full GC), heap after GC %,d MB%n",
                tag, r.rssBytes() / MB, r.rssAfterGcBytes() / MB, r.heapAfterGcBytes() / MB);
        out.printf(Locale.ROOT, "%s: state dir %,.1f MB after close = %,.0f bytes/agent (%,d agents); changelog topics %,.1f MB "
                        + "= %,.0f bytes/agent%n",
                tag, state / (double) MB, (double) state / options.agents(), options.agents(), changelog / (double) MB,
                (double) changelog / options.agents());
        if (!ok) {
            throw new IllegalStateException(tag + ": correctness check failed (see the line above)");
        }
        AlertCheck.Result alerts = AlertCheck.check(cluster.bootstrapServers(), cluster.registryUrl(), baseSettings.topics().alerts(),
                alertsFrom, incidents);
        out.printf(Locale.ROOT, "%s: alerts %d FIRING, %d RESOLVED; incidents found %d/%d%s, fired more than once %d%s; "
                        + "other alerts %d%s%s -> %s%n", tag,
                alerts.firing(), alerts.resolved(), alerts.found(), alerts.incidents(),
                alerts.missed().isEmpty() ? "" : " (missed " + alerts.missed() + ")", alerts.repeated().size(),
                alerts.repeated().isEmpty() ? "" : " " + alerts.repeated(), alerts.others().size(),
                alerts.others().isEmpty() ? "" : " by rule " + alerts.othersByRule(),
                alerts.others().isEmpty() ? "" : " e.g. " + alerts.others().subList(0, Math.min(5, alerts.others().size())),
                alerts.ok() ? "OK" : "NOT OK (each incident found once, nothing else)");
        return new StreamsOutcome(r, state, changelog);
    }

    /** The product's default rules (config/rules.yaml: the seed rules), active in every streams pass. */
    private RuleBook rules(StreamsSettings settings) {
        RuleBook book = new RuleBook(new RuleCompileOptions(settings.slice()));
        RuleSet rules = RuleFiles.load(RULES_FILE, book.options());
        book.install(rules);
        out.printf(Locale.ROOT, "rules: %d from %s (rule_version %d), windows %s%n", rules.rules().size(), RULES_FILE,
                rules.version(), rules.windows());
        return book;
    }

    /** Events the current or last streams pass had accepted; after a failure, how far it got. */
    long acceptedSoFar() {
        return accepted.get();
    }

    /** Never throws: it runs after failures (even out of memory), and must not mask them or skip the cleanup. */
    @Override
    public void close() {
        try {
            cluster.close();
            if (options.keepRunDir()) {
                out.println("kept " + runDir);
            }
        } catch (Throwable e) {
            out.println("cluster: stopping failed (" + e + "); the shutdown hook tries again");
        }
    }
}
