package dev.agentwatch.gateway;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /v1/traces refusals and OTLP partial success, through the real broker. */
@WithLocalKafka
class TracesRouteBrokerTest {

    private final GatewayFixture gw;

    TracesRouteBrokerTest(LocalKafka kafka) throws Exception {
        this.gw = new GatewayFixture(kafka);
    }

    @AfterEach
    void close() {
        gw.close();
    }

    @Test
    void refusalsAndPartialSuccess() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        Span good = span("00000000000000000000000000000001", "0000000000000001", now - 2_000_000_000L, now);
        Span noEnd = span("00000000000000000000000000000001", "0000000000000002", now - 1_000_000_000L, 0);
        byte[] body = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", "tracer-bot")))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(good).addSpans(noEnd))).build().toByteArray();

        assertThat(post(null, "application/x-protobuf", body).statusCode()).isEqualTo(401);
        HttpResponse<byte[]> wrongType = post(GatewayFixture.KEY, "text/csv", body);
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(new String(wrongType.body())).contains("application/x-protobuf or application/json");
        HttpResponse<byte[]> garbage = post(GatewayFixture.KEY, "application/x-protobuf", new byte[] {(byte) 0xff, 1, 2, 3});
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(new String(garbage.body())).contains("not an OTLP trace export request");

        HttpResponse<byte[]> partial = post(GatewayFixture.KEY, "application/x-protobuf", body);
        assertThat(partial.statusCode()).isEqualTo(200);
        assertThat(partial.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-protobuf");
        ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(partial.body());
        assertThat(answer.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(answer.getPartialSuccess().getErrorMessage()).contains("no end time");

        var events = gw.events(1, Duration.ofSeconds(20));
        assertThat(events).hasSize(1);
        assertThat(events.get(0).value().getEventId())
                .isEqualTo("00000000000000000000000000000001-0000000000000001");
        assertThat(events.get(0).key()).isEqualTo("tracer-bot");
    }

    private HttpResponse<byte[]> post(String key, String type, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri("/v1/traces"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", type);
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return gw.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Span span(String trace, String span, long start, long end) {
        return Span.newBuilder().setName("chat")
                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(trace)))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(span)))
                .setStartTimeUnixNano(start).setEndTimeUnixNano(end)
                .addAttributes(kv("gen_ai.operation.name", "chat")).build();
    }

    private static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }
}
