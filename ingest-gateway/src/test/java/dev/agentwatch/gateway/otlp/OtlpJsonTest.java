package dev.agentwatch.gateway.otlp;

import static dev.agentwatch.gateway.otlp.OtlpFixtures.SPAN_HEX;
import static dev.agentwatch.gateway.otlp.OtlpFixtures.TRACE_HEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {

    /** OTLP/JSON as the specification writes it: hex ids, int64 as strings, camelCase field names. */
    private static final String REQUEST = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"support-bot"}}]},
              "scopeSpans":[{"scope":{"name":"test"},"spans":[{
                "traceId":"%s","spanId":"%s","name":"chat","kind":3,
                "startTimeUnixNano":"1704067200000000000","endTimeUnixNano":"1704067202341500000",
                "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},
                              {"key":"gen_ai.usage.input_tokens","value":{"intValue":"1200"}},
                              {"key":"gen_ai.usage.output_tokens","value":{"intValue":340}}],
                "status":{"code":2}}]}]}]}
            """.formatted(TRACE_HEX, SPAN_HEX);

    @Test
    void theJsonEncodingGivesTheSameRequestAsProtobuf() throws Exception {
        ExportTraceServiceRequest fromJson = OtlpJson.parse(REQUEST.getBytes(StandardCharsets.UTF_8));
        var event = GenAiSpans.map(fromJson).events().get(0);
        assertThat(event.getEventId()).isEqualTo(TRACE_HEX + "-" + SPAN_HEX);
        assertThat(event.getAgentId()).isEqualTo("support-bot");
        assertThat(event.getLatencyMs()).isEqualTo(2341.5);
        assertThat(event.getTokensIn()).isEqualTo(1200L);
        assertThat(event.getTokensOut()).isEqualTo(340L);
        assertThat(event.getSuccess()).isFalse();

        ExportTraceServiceRequest reparsed = ExportTraceServiceRequest.parseFrom(fromJson.toByteArray());
        assertThat(reparsed).isEqualTo(fromJson);
    }

    @Test
    void malformedBodiesSayWhatIsWrong() {
        assertThatThrownBy(() -> OtlpJson.parse("{\"resourceSpans\":[".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OtlpFormatException.class).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> OtlpJson.parse("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OtlpFormatException.class).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> OtlpJson.parse(REQUEST.replace(TRACE_HEX, "not-hex").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OtlpFormatException.class).hasMessageContaining("traceId");
        assertThatThrownBy(() -> OtlpJson.parse("{\"resourceSpans\":{}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OtlpFormatException.class);
        assertThatThrownBy(() -> OtlpJson.parse(("[".repeat(200) + "]".repeat(200)).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OtlpFormatException.class);
    }

    @Test
    void theResponseCarriesPartialSuccessOnlyWhenSpansWereRejected() throws Exception {
        assertThat(new String(OtlpResponses.json(0, ""), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(new String(OtlpResponses.json(3, "span x: no end time"), StandardCharsets.UTF_8))
                .isEqualTo("{\"partialSuccess\":{\"rejectedSpans\":\"3\",\"errorMessage\":\"span x: no end time\"}}");
        var parsed = io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse.parseFrom(OtlpResponses.protobuf(3, "m"));
        assertThat(parsed.getPartialSuccess().getRejectedSpans()).isEqualTo(3);
    }
}
