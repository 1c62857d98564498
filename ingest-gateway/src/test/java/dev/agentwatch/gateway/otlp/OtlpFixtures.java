package dev.agentwatch.gateway.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;

/** Short builders for OTLP requests in tests. */
final class OtlpFixtures {
    static final String TRACE_HEX = "0af7651916cd43dd8448eb211c80319c";
    static final String SPAN_HEX = "b7ad6b7169203331";
    /** 2024-01-01T00:00:00Z in nanoseconds. */
    static final long START_NANOS = 1_704_067_200_000_000_000L;
    /** 2341.5 ms after START_NANOS. */
    static final long END_NANOS = START_NANOS + 2_341_500_000L;

    private OtlpFixtures() {}

    static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue kv(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    static KeyValue kv(String key, double value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setDoubleValue(value)).build();
    }

    static KeyValue kvArray(String key, String... values) {
        ArrayValue.Builder array = ArrayValue.newBuilder();
        for (String v : values) {
            array.addValues(AnyValue.newBuilder().setStringValue(v));
        }
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setArrayValue(array)).build();
    }

    static ByteString hexBytes(String hex) {
        return ByteString.copyFrom(OtlpIds.fromHex(hex));
    }

    /** A finished span with the standard ids and times and the given attributes. */
    static Span.Builder span(String name, KeyValue... attributes) {
        return Span.newBuilder()
                .setName(name)
                .setTraceId(hexBytes(TRACE_HEX))
                .setSpanId(hexBytes(SPAN_HEX))
                .setStartTimeUnixNano(START_NANOS)
                .setEndTimeUnixNano(END_NANOS)
                .addAllAttributes(List.of(attributes));
    }

    static ExportTraceServiceRequest request(List<KeyValue> resource, List<KeyValue> scope, Span... spans) {
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAllAttributes(resource))
                        .addScopeSpans(ScopeSpans.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("test").addAllAttributes(scope))
                                .addAllSpans(List.of(spans))))
                .build();
    }

    static ExportTraceServiceRequest request(Span... spans) {
        return request(List.of(kv("service.name", "support-bot")), List.of(), spans);
    }
}
