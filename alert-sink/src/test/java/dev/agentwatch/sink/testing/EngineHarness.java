package dev.agentwatch.sink.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.config.SinkConfig;
import dev.agentwatch.sink.config.SinkConfigLoader;
import dev.agentwatch.sink.metrics.SinkMetrics;
import dev.agentwatch.sink.model.SourceRecord;
import dev.agentwatch.sink.offsets.DoneRanges;
import dev.agentwatch.sink.offsets.PartitionOffsets;
import dev.agentwatch.sink.pipeline.SinkEngine;
import dev.agentwatch.sink.silence.SilenceStore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * The sink's engine with a fake clock, fed alerts directly (as the consumer loop would, with tickets on one
 * partition) and driven on the test thread: every flush, retry and token happens at its exact fake instant,
 * while HTTP goes for real to WireMock.
 */
public final class EngineHarness {

    public static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    public final MutableClock clock = new MutableClock(T0);
    public final RecordingParkingLot parking = new RecordingParkingLot();
    public final RecordingListener listener = new RecordingListener();
    public final SilenceStore silences = new SilenceStore();
    public final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    public final PartitionOffsets offsets = new PartitionOffsets(0, DoneRanges.NONE);
    public final SinkMetrics metrics = new SinkMetrics();
    public final SinkEngine engine;
    private long nextOffset;

    public EngineHarness(String yaml, Map<String, String> env) {
        SinkConfig config = SinkConfigLoader.parse("test.yaml", yaml, env);
        engine = SinkEngine.create(config, silences, parking, clock, new PrintStream(consoleBytes, true, StandardCharsets.UTF_8),
                listener, new SplittableRandom(42), metrics);
    }

    /** Consumes one alert now, as the next offset of partition 0. */
    public void accept(AlertEvent a) {
        long offset = nextOffset++;
        engine.pipeline().accept(0, a, offsets.track(offset), new SourceRecord("agentwatch.alerts", 0, offset));
    }

    /** Runs everything due up to and including {@code end}, jumping from one due instant to the next. */
    public void runUntil(Instant end) {
        while (true) {
            Instant next = engine.runDue();
            if (next == null || next.isAfter(end)) {
                clock.set(end);
                engine.runDue();
                return;
            }
            clock.set(next);
        }
    }

    public void runFor(Duration d) {
        runUntil(clock.instant().plus(d));
    }

    /** True when every consumed record was delivered or parked: the committable position is past all of them. */
    public boolean allDone() {
        offsets.drain();
        return offsets.commitPosition() == nextOffset;
    }

    public long committable() {
        offsets.drain();
        return offsets.commitPosition();
    }

    public String console() {
        return consoleBytes.toString(StandardCharsets.UTF_8);
    }

    /** Bodies WireMock received on {@code path}, oldest first. */
    public static List<JsonNode> bodies(WireMockServer wm, String path) {
        List<JsonNode> out = new ArrayList<>();
        for (LoggedRequest r : wm.findAll(postRequestedFor(urlEqualTo(path)))) {
            out.add(parse(r.getBodyAsString()));
        }
        return out;
    }

    public static int requestCount(WireMockServer wm) {
        return wm.findAll(postRequestedFor(anyUrl())).size();
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
