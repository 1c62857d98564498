package dev.agentwatch.gateway;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.MetricEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real OpenTelemetry Java SDK and its OTLP/HTTP exporter, pointed at the gateway as a user would point it,
 * exporting GenAI spans (and one plain HTTP span) in protobuf, the exporters' default, and in OTLP JSON.
 */
@WithLocalKafka
class OtelSdkExportBrokerTest {

    private final GatewayFixture gw;

    OtelSdkExportBrokerTest(LocalKafka kafka) throws Exception {
        this.gw = new GatewayFixture(kafka);
    }

    @AfterEach
    void close() {
        gw.close();
    }

    @Test
    void protobufExportOfGenAiSpansGivesTheirEvents() throws Exception {
        exportAndCheck(exporter(false));
    }

    @Test
    void jsonExportOfGenAiSpansGivesTheSameEvents() throws Exception {
        exportAndCheck(exporter(true));
    }

    private OtlpHttpSpanExporter exporter(boolean json) throws Exception {
        OtlpHttpSpanExporterBuilder b = OtlpHttpSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + gw.gateway.port() + "/v1/traces")
                .addHeader("Authorization", "Bearer " + GatewayFixture.KEY)
                .setTimeout(Duration.ofSeconds(20));
        if (json) {
            // The Java SDK writes OTLP JSON (the encoding other languages' exporters offer as http/json) through
            // its internal HTTP exporter builder only; its public builder does not expose the switch yet.
            Field delegate = OtlpHttpSpanExporterBuilder.class.getDeclaredField("delegate");
            delegate.setAccessible(true);
            Object internal = delegate.get(b);
            internal.getClass().getMethod("exportAsJson").invoke(internal);
        }
        return b.build();
    }

    private void exportAndCheck(OtlpHttpSpanExporter exporter) throws Exception {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "support-bot",
                AttributeKey.stringKey("service.namespace"), "payments",
                AttributeKey.stringKey("service.version"), "2.1.0")));
        SdkTracerProvider provider = SdkTracerProvider.builder().setResource(resource)
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        Tracer tracer = provider.get("agentwatch-test");
        Instant start = Instant.now().minusSeconds(5);

        Span chat = tracer.spanBuilder("chat gpt-4o").setStartTimestamp(start)
                .setAttribute("gen_ai.operation.name", "chat")
                .setAttribute("gen_ai.provider.name", "openai")
                .setAttribute("gen_ai.request.model", "gpt-4o")
                .setAttribute("gen_ai.usage.input_tokens", 1500L)
                .setAttribute("gen_ai.usage.output_tokens", 220L)
                .setAttribute("agentwatch.request_type", "routine_query")
                .startSpan();
        chat.end(start.plusMillis(1250));
        Span tool = tracer.spanBuilder("execute_tool search").setStartTimestamp(start)
                .setAttribute("gen_ai.operation.name", "execute_tool")
                .setAttribute("gen_ai.agent.name", "researcher")
                .startSpan();
        tool.setStatus(StatusCode.ERROR, "search backend down");
        tool.end(start.plusMillis(400));
        Span http = tracer.spanBuilder("GET /search").setStartTimestamp(start)
                .setAttribute("http.request.method", "GET").startSpan();
        http.end(start.plusMillis(90));
        // The legacy alias names, as older instrumentations still write them.
        Span legacy = tracer.spanBuilder("completion").setStartTimestamp(start)
                .setAttribute("gen_ai.system", "anthropic")
                .setAttribute("gen_ai.request.model", "claude-3-5-haiku")
                .setAttribute("gen_ai.usage.prompt_tokens", 80L)
                .setAttribute("gen_ai.usage.completion_tokens", 12L)
                .startSpan();
        legacy.end(start.plusMillis(700));

        CompletableResultCode flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);
        assertThat(flushed.isSuccess()).as("the exporter's own verdict on the gateway's answers").isTrue();
        provider.shutdown().join(10, TimeUnit.SECONDS);

        List<ConsumerRecord<String, MetricEvent>> records = gw.events(3, Duration.ofSeconds(30));
        assertThat(records).hasSize(3);
        Map<String, MetricEvent> byId = records.stream().collect(Collectors.toMap(r -> r.value().getEventId(), ConsumerRecord::value));
        records.forEach(r -> assertThat(r.key()).isEqualTo(r.value().getAgentId()));

        MetricEvent c = byId.get(id(chat));
        assertThat(c).isNotNull();
        assertThat(c.getAgentId()).isEqualTo("support-bot");
        assertThat(c.getFleet()).isEqualTo("payments");
        assertThat(c.getAgentVersion()).isEqualTo("2.1.0");
        assertThat(c.getProvider()).isEqualTo("openai");
        assertThat(c.getModel()).isEqualTo("gpt-4o");
        assertThat(c.getOperation()).isEqualTo("chat");
        assertThat(c.getRequestType()).isEqualTo("routine_query");
        assertThat(c.getTokensIn()).isEqualTo(1500L);
        assertThat(c.getTokensOut()).isEqualTo(220L);
        assertThat(c.getLatencyMs()).isEqualTo(1250.0);
        assertThat(c.getTimestamp().toEpochMilli()).isEqualTo(start.plusMillis(1250).toEpochMilli());
        assertThat(c.getSuccess()).isTrue();
        assertThat(c.getTraceId()).isEqualTo(chat.getSpanContext().getTraceId());
        assertThat(c.getSampleRate()).isEqualTo(1.0);

        MetricEvent t = byId.get(id(tool));
        assertThat(t.getAgentId()).isEqualTo("researcher");
        assertThat(t.getSuccess()).isFalse();
        assertThat(t.getToolCalls()).isEqualTo(1);
        assertThat(t.getToolFailures()).isEqualTo(1);
        assertThat(t.getLatencyMs()).isEqualTo(400.0);

        MetricEvent l = byId.get(id(legacy));
        assertThat(l.getProvider()).isEqualTo("anthropic");
        assertThat(l.getTokensIn()).isEqualTo(80L);
        assertThat(l.getTokensOut()).isEqualTo(12L);

        Function<String, Double> sample = name -> Prometheus.value(gw, name);
        assertThat(sample.apply("agentwatch_gateway_spans_total{outcome=\"skipped\"}")).isEqualTo(1.0);
        assertThat(sample.apply("agentwatch_gateway_spans_total{outcome=\"mapped\"}")).isEqualTo(3.0);
    }

    private static String id(Span span) {
        return span.getSpanContext().getTraceId() + "-" + span.getSpanContext().getSpanId();
    }

    /** One sample of the gateway's GET /metrics. */
    static final class Prometheus {
        static double value(GatewayFixture gw, String series) {
            try {
                String body = gw.get("/metrics").body();
                return body.lines().filter(l -> l.startsWith(series + " "))
                        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).strip()))
                        .findFirst().orElseThrow(() -> new AssertionError(series + " not in /metrics:\n" + body));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }
}
