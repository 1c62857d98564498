package dev.agentwatch.gateway.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.util.Base64;

/**
 * OTLP/JSON trace requests. OTLP's JSON is protobuf's canonical JSON except that trace and span ids
 * are hex rather than base64, so the ids are rewritten in a Jackson tree before JsonFormat reads it.
 */
public final class OtlpJson {
    /** Deep enough for nested kvlist attributes, shallow enough that a hostile body cannot exhaust the stack. */
    static final int MAX_NESTING_DEPTH = 64;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private OtlpJson() {}

    public static ExportTraceServiceRequest parse(byte[] body) throws OtlpFormatException {
        JsonNode root = readTree(body);
        if (!(root instanceof ObjectNode request)) {
            throw new OtlpFormatException("body: expected a JSON object, got " + describe(root));
        }
        rewriteIds(request);
        ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
        try {
            PARSER.merge(MAPPER.writeValueAsString(request), builder);
        } catch (InvalidProtocolBufferException e) {
            throw new OtlpFormatException("not an OTLP trace request: " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            // Writing a tree we just read cannot fail; if it does, that is our bug, not the client's.
            throw new IllegalStateException("re-serialising an OTLP JSON tree", e);
        }
        return builder.build();
    }

    private static JsonNode readTree(byte[] body) throws OtlpFormatException {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new OtlpFormatException("malformed JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new OtlpFormatException("unreadable JSON body: " + e.getMessage(), e);
        }
    }

    // Only the places OTLP defines ids are rewritten; anything else is JsonFormat's to judge.
    private static void rewriteIds(ObjectNode request) throws OtlpFormatException {
        forEachObject(request, "", "resourceSpans", "resource_spans", (resourceSpans, rsPath) ->
                forEachObject(resourceSpans, rsPath, "scopeSpans", "scope_spans", (scopeSpans, ssPath) ->
                        forEachObject(scopeSpans, ssPath, "spans", "spans", (span, spanPath) -> {
                            rewriteId(span, spanPath, "traceId", "trace_id");
                            rewriteId(span, spanPath, "spanId", "span_id");
                            rewriteId(span, spanPath, "parentSpanId", "parent_span_id");
                            forEachObject(span, spanPath, "links", "links", (link, linkPath) -> {
                                rewriteId(link, linkPath, "traceId", "trace_id");
                                rewriteId(link, linkPath, "spanId", "span_id");
                            });
                        })));
    }

    @FunctionalInterface
    private interface ElementVisitor {
        void visit(ObjectNode element, String path) throws OtlpFormatException;
    }

    private static void forEachObject(ObjectNode parent, String parentPath, String camel, String snake,
            ElementVisitor visitor) throws OtlpFormatException {
        visitArray(parent, parentPath, camel, visitor);
        if (!snake.equals(camel)) {
            visitArray(parent, parentPath, snake, visitor);
        }
    }

    private static void visitArray(ObjectNode parent, String parentPath, String name, ElementVisitor visitor)
            throws OtlpFormatException {
        JsonNode array = parent.get(name);
        if (array == null || array.isNull()) {
            return;
        }
        String path = parentPath.isEmpty() ? name : parentPath + "." + name;
        if (!array.isArray()) {
            throw new OtlpFormatException(path + ": expected an array, got " + describe(array));
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            String elementPath = path + "[" + i + "]";
            if (!(element instanceof ObjectNode object)) {
                throw new OtlpFormatException(elementPath + ": expected an object, got " + describe(element));
            }
            visitor.visit(object, elementPath);
        }
    }

    private static void rewriteId(ObjectNode holder, String path, String camel, String snake)
            throws OtlpFormatException {
        rewriteIdField(holder, path, camel);
        rewriteIdField(holder, path, snake);
    }

    private static void rewriteIdField(ObjectNode holder, String path, String name) throws OtlpFormatException {
        JsonNode value = holder.get(name);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isTextual()) {
            throw new OtlpFormatException(path + "." + name + ": expected a hex string, got " + describe(value));
        }
        byte[] id = OtlpIds.fromHex(value.textValue());
        if (id == null) {
            throw new OtlpFormatException(path + "." + name + ": not hex");
        }
        holder.put(name, Base64.getEncoder().encodeToString(id));
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "an empty body";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
