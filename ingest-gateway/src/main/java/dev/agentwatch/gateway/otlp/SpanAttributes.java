package dev.agentwatch.gateway.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes one span sees: its own, then its scope's, then its resource's. Each level is hashed once
 * (a resource's once per request, not once per span), and a lookup falls through to the enclosing level.
 * Values convert to what a MetricEvent field needs, or the span is rejected naming the attribute.
 */
final class SpanAttributes {
    /** Attributes under this prefix become labels named by the rest of the key. */
    static final String LABEL_PREFIX = "agentwatch.label.";

    private static final int MAX_SHOWN_VALUE = 40;

    private final Map<String, AnyValue> own;
    /** This level's LABEL_PREFIX attributes, keyed by label name, split out so spans need not scan the enclosing levels. */
    private final Map<String, AnyValue> ownLabels;
    private final SpanAttributes enclosing;

    private SpanAttributes(Map<String, AnyValue> own, Map<String, AnyValue> ownLabels, SpanAttributes enclosing) {
        this.own = own;
        this.ownLabels = ownLabels;
        this.enclosing = enclosing;
    }

    static SpanAttributes of(List<KeyValue> attributes, SpanAttributes enclosing) {
        Map<String, AnyValue> own = new HashMap<>(Math.max(4, attributes.size() * 2));
        Map<String, AnyValue> labels = Collections.emptyMap();
        for (KeyValue kv : attributes) {
            String key = kv.getKey();
            own.put(key, kv.getValue());
            if (key.length() > LABEL_PREFIX.length() && key.startsWith(LABEL_PREFIX)) {
                if (labels.isEmpty()) {
                    labels = new HashMap<>();
                }
                labels.put(key.substring(LABEL_PREFIX.length()), kv.getValue());
            }
        }
        return new SpanAttributes(own, labels, enclosing);
    }

    /** The nearest value for the key, or null when no level has one. */
    AnyValue get(String key) {
        for (SpanAttributes level = this; level != null; level = level.enclosing) {
            AnyValue value = level.own.get(key);
            if (value != null && value.getValueCase() != AnyValue.ValueCase.VALUE_NOT_SET) {
                return value;
            }
        }
        return null;
    }

    /** A scalar as text; null when absent or empty. Arrays, maps and bytes are not text. */
    String string(String key) throws SpanRejectedException {
        AnyValue value = get(key);
        return value == null ? null : asString(key, value);
    }

    /** A whole number: an int, or a double or string holding one. */
    Long wholeNumber(String key) throws SpanRejectedException {
        AnyValue value = get(key);
        if (value == null) {
            return null;
        }
        switch (value.getValueCase()) {
            case INT_VALUE:
                return value.getIntValue();
            case DOUBLE_VALUE: {
                double d = value.getDoubleValue();
                // 2^63 is exact as a double; anything below it in magnitude that is whole fits a long.
                if (Math.rint(d) == d && Math.abs(d) < 0x1p63) {
                    return (long) d;
                }
                throw notA(key, "whole number", Double.toString(d));
            }
            case STRING_VALUE:
                try {
                    return new BigDecimal(value.getStringValue().trim()).longValueExact();
                } catch (NumberFormatException | ArithmeticException e) {
                    throw notA(key, "whole number", quoted(value.getStringValue()));
                }
            default:
                throw notA(key, "whole number", kind(value));
        }
    }

    /** A number: a double, an int, or a string holding a decimal number. */
    Double number(String key) throws SpanRejectedException {
        AnyValue value = get(key);
        if (value == null) {
            return null;
        }
        switch (value.getValueCase()) {
            case DOUBLE_VALUE:
                return value.getDoubleValue();
            case INT_VALUE:
                return (double) value.getIntValue();
            case STRING_VALUE:
                try {
                    // BigDecimal rather than Double.parseDouble: no "NaN", "Infinity" or "1f" sneaking in as text.
                    return new BigDecimal(value.getStringValue().trim()).doubleValue();
                } catch (NumberFormatException e) {
                    throw notA(key, "number", quoted(value.getStringValue()));
                }
            default:
                throw notA(key, "number", kind(value));
        }
    }

    /** Adds every LABEL_PREFIX attribute as a label; nearer levels win, as in {@link #get}. */
    void putPrefixedLabels(Map<String, String> labels) throws SpanRejectedException {
        if (enclosing != null) {
            enclosing.putPrefixedLabels(labels);
        }
        for (Map.Entry<String, AnyValue> label : ownLabels.entrySet()) {
            String text = asString(LABEL_PREFIX + label.getKey(), label.getValue());
            if (text != null) {
                labels.put(label.getKey(), text);
            }
        }
    }

    private static String asString(String key, AnyValue value) throws SpanRejectedException {
        switch (value.getValueCase()) {
            case STRING_VALUE: {
                String s = value.getStringValue();
                return s.isEmpty() ? null : s;
            }
            case INT_VALUE:
                return Long.toString(value.getIntValue());
            case DOUBLE_VALUE:
                return Double.toString(value.getDoubleValue());
            case BOOL_VALUE:
                return Boolean.toString(value.getBoolValue());
            case VALUE_NOT_SET:
                return null;
            default:
                throw notA(key, "string", kind(value));
        }
    }

    private static SpanRejectedException notA(String key, String wanted, String got) {
        return new SpanRejectedException("attribute " + key + ": expected a " + wanted + ", got " + got);
    }

    private static String kind(AnyValue value) {
        return switch (value.getValueCase()) {
            case ARRAY_VALUE -> "an array";
            case KVLIST_VALUE -> "a key-value list";
            case BYTES_VALUE -> "bytes";
            case BOOL_VALUE -> "a boolean";
            case STRING_VALUE -> quoted(value.getStringValue());
            default -> value.getValueCase().toString();
        };
    }

    private static String quoted(String s) {
        return s.length() <= MAX_SHOWN_VALUE ? "'" + s + "'" : "'" + s.substring(0, MAX_SHOWN_VALUE) + "...'";
    }
}
