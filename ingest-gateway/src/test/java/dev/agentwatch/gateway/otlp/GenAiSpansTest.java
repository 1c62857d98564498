package dev.agentwatch.gateway.otlp;

import static dev.agentwatch.gateway.otlp.OtlpFixtures.END_NANOS;
import static dev.agentwatch.gateway.otlp.OtlpFixtures.SPAN_HEX;
import static dev.agentwatch.gateway.otlp.OtlpFixtures.START_NANOS;
import static dev.agentwatch.gateway.otlp.OtlpFixtures.TRACE_HEX;
import static dev.agentwatch.gateway.otlp.OtlpFixtures.hexBytes;
import static dev.agentwatch.gateway.otlp.OtlpFixtures.kv;
import static dev.agentwatch.gateway.otlp.OtlpFixtures.request;
import static dev.agentwatch.gateway.otlp.OtlpFixtures.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentwatch.schema.MetricEvent;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenAiSpansTest {

    @Test
    void aChatSpanBecomesTheEventItDescribes() {
        Span chat = span("chat gpt-4o",
                kv("gen_ai.operation.name", "chat"),
                kv("gen_ai.provider.name", "openai"),
                kv("gen_ai.request.model", "gpt-4o"),
                kv("gen_ai.response.model", "gpt-4o-2024-08-06"),
                kv("gen_ai.usage.input_tokens", 1200L),
                kv("gen_ai.usage.output_tokens", 340L),
                kv("gen_ai.usage.cache_read.input_tokens", 800L),
                kv("agentwatch.request_type", "routine_query"),
                kv("agentwatch.cost_usd", 0.0123),
                kv("agentwatch.label.team", "support")).build();
        SpanBatch batch = GenAiSpans.map(request(List.of(kv("service.name", "support-bot"),
                kv("service.namespace", "payments"), kv("service.version", "1.4.2"),
                kv("service.instance.id", "pod-7"), kv("deployment.environment.name", "prod"),
                kv("cloud.region", "eu-west-1")), List.of(), chat));

        assertThat(batch.skippedSpans()).isZero();
        assertThat(batch.rejectedSpans()).isZero();
        MetricEvent e = batch.events().get(0);
        assertThat(e.getEventId()).isEqualTo(TRACE_HEX + "-" + SPAN_HEX);
        assertThat(e.getAgentId()).isEqualTo("support-bot");
        assertThat(e.getTimestamp()).isEqualTo(Instant.ofEpochMilli(END_NANOS / 1_000_000));
        assertThat(e.getLatencyMs()).isEqualTo(2341.5);
        assertThat(e.getFleet()).isEqualTo("payments");
        assertThat(e.getAgentVersion()).isEqualTo("1.4.2");
        assertThat(e.getInstanceId()).isEqualTo("pod-7");
        assertThat(e.getModel()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(e.getProvider()).isEqualTo("openai");
        assertThat(e.getOperation()).isEqualTo("chat");
        assertThat(e.getRequestType()).isEqualTo("routine_query");
        assertThat(e.getTokensIn()).isEqualTo(1200L);
        assertThat(e.getTokensOut()).isEqualTo(340L);
        assertThat(e.getCacheReadTokens()).isEqualTo(800L);
        assertThat(e.getCostUsd()).isEqualTo(0.0123);
        assertThat(e.getSuccess()).isTrue();
        assertThat(e.getErrorType()).isNull();
        assertThat(e.getToolCalls()).isNull();
        assertThat(e.getTraceId()).isEqualTo(TRACE_HEX);
        assertThat(e.getSpanId()).isEqualTo(SPAN_HEX);
        assertThat(e.getSampleRate()).isEqualTo(1.0);
        assertThat(e.getLabels()).isEqualTo(Map.of("environment", "prod", "region", "eu-west-1", "team", "support"));
    }

    @Test
    void theOlderAliasesAreReadWhenTheNewNamesAreAbsent() {
        Span old = span("completion",
                kv("gen_ai.system", "anthropic"),
                kv("gen_ai.request.model", "claude-3-5-sonnet"),
                kv("gen_ai.usage.prompt_tokens", 50L),
                kv("gen_ai.usage.completion_tokens", 7L)).build();
        MetricEvent e = GenAiSpans.map(request(List.of(kv("service.name", "svc"), kv("deployment.environment", "staging")),
                List.of(), old)).events().get(0);
        assertThat(e.getProvider()).isEqualTo("anthropic");
        assertThat(e.getModel()).isEqualTo("claude-3-5-sonnet");
        assertThat(e.getTokensIn()).isEqualTo(50L);
        assertThat(e.getTokensOut()).isEqualTo(7L);
        assertThat(e.getLabels()).containsEntry("environment", "staging");
    }

    @Test
    void theAgentIdPrefersTheGenAiAgentOverTheService() {
        Span named = span("invoke_agent", kv("gen_ai.operation.name", "invoke_agent"),
                kv("gen_ai.agent.name", "planner")).build();
        Span withId = span("invoke_agent", kv("gen_ai.operation.name", "invoke_agent"),
                kv("gen_ai.agent.id", "agent-42"), kv("gen_ai.agent.name", "planner")).build();
        SpanBatch batch = GenAiSpans.map(request(named, withId));
        assertThat(batch.events()).extracting(MetricEvent::getAgentId).containsExactly("planner", "agent-42");
    }

    @Test
    void anErrorStatusOrErrorTypeIsAFailureAndAToolSpanCountsAToolCall() {
        Span failedTool = span("execute_tool search", kv("gen_ai.operation.name", "execute_tool"))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)).build();
        Span timedOut = span("chat", kv("gen_ai.operation.name", "chat"), kv("error.type", "timeout")).build();
        Span okTool = span("execute_tool search", kv("gen_ai.operation.name", "execute_tool")).build();
        List<MetricEvent> events = GenAiSpans.map(request(failedTool, timedOut, okTool)).events();

        assertThat(events.get(0).getSuccess()).isFalse();
        assertThat(events.get(0).getErrorType()).isEqualTo("span_status_error");
        assertThat(events.get(0).getToolCalls()).isEqualTo(1);
        assertThat(events.get(0).getToolFailures()).isEqualTo(1);
        assertThat(events.get(1).getSuccess()).isFalse();
        assertThat(events.get(1).getErrorType()).isEqualTo("timeout");
        assertThat(events.get(1).getToolCalls()).isNull();
        assertThat(events.get(2).getSuccess()).isTrue();
        assertThat(events.get(2).getToolFailures()).isEqualTo(0);
    }

    @Test
    void otherSpansAreSkippedEvenWhenTheResourceCarriesGenAiAttributes() {
        Span http = span("GET /search", kv("http.request.method", "GET")).build();
        Span chat = span("chat", kv("gen_ai.operation.name", "chat")).build();
        SpanBatch batch = GenAiSpans.map(request(List.of(kv("service.name", "svc"), kv("gen_ai.system", "openai")),
                List.of(), http, chat, http));
        assertThat(batch.skippedSpans()).isEqualTo(2);
        assertThat(batch.events()).hasSize(1);
    }

    @Test
    void aGenAiSpanThatCannotBeMappedIsRejectedWithItsReasonAndTheRestGoOn() {
        Span noEnd = span("chat", kv("gen_ai.operation.name", "chat")).setEndTimeUnixNano(0).build();
        Span backwards = span("chat", kv("gen_ai.operation.name", "chat")).setEndTimeUnixNano(START_NANOS - 1).build();
        Span shortId = span("chat", kv("gen_ai.operation.name", "chat")).setSpanId(hexBytes("abcd")).build();
        Span wrongType = span("chat", kv("gen_ai.operation.name", "chat"), kv("gen_ai.usage.input_tokens", "many")).build();
        Span good = span("chat", kv("gen_ai.operation.name", "chat")).build();
        SpanBatch noAgent = GenAiSpans.map(request(List.of(kv("service.name", "unknown_service:java")), List.of(), good));
        SpanBatch batch = GenAiSpans.map(request(noEnd, backwards, shortId, wrongType, good));

        assertThat(batch.events()).hasSize(1);
        assertThat(batch.rejectedSpans()).isEqualTo(4);
        assertThat(batch.rejections()).hasSize(4);
        assertThat(batch.rejections().get(0)).contains("no end time");
        assertThat(batch.rejections().get(1)).contains("ends before it starts");
        assertThat(batch.rejections().get(2)).contains("span id is 2 bytes");
        assertThat(batch.rejections().get(3)).contains("gen_ai.usage.input_tokens");
        assertThat(noAgent.rejectedSpans()).isEqualTo(1);
        assertThat(noAgent.rejections().get(0)).contains("no agent id");
    }

    @Test
    void rejectionMessagesAreBoundedButEveryRejectedSpanIsCounted() {
        Span noEnd = span("chat", kv("gen_ai.operation.name", "chat")).setEndTimeUnixNano(0).build();
        Span[] spans = new Span[500];
        java.util.Arrays.fill(spans, noEnd);
        SpanBatch batch = GenAiSpans.map(request(spans));
        assertThat(batch.rejectedSpans()).isEqualTo(500);
        assertThat(batch.rejections()).hasSize(GenAiSpans.MAX_REJECTION_MESSAGES);
    }
}
