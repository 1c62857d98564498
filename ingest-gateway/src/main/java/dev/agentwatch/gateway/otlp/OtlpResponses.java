package dev.agentwatch.gateway.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.nio.charset.StandardCharsets;

/** ExportTraceServiceResponse bodies; partial_success is set only when spans were rejected, as OTLP asks. */
public final class OtlpResponses {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private OtlpResponses() {}

    public static byte[] protobuf(int rejectedSpans, String errorMessage) {
        return response(rejectedSpans, errorMessage).toByteArray();
    }

    public static byte[] json(int rejectedSpans, String errorMessage) {
        try {
            return PRINTER.print(response(rejectedSpans, errorMessage)).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            // Only Any fields without a type registry fail to print; this message has none.
            throw new IllegalStateException("printing an ExportTraceServiceResponse", e);
        }
    }

    static ExportTraceServiceResponse response(int rejectedSpans, String errorMessage) {
        if (rejectedSpans <= 0) {
            return ExportTraceServiceResponse.getDefaultInstance();
        }
        return ExportTraceServiceResponse.newBuilder()
                .setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                        .setRejectedSpans(rejectedSpans)
                        .setErrorMessage(errorMessage == null ? "" : errorMessage))
                .build();
    }
}
