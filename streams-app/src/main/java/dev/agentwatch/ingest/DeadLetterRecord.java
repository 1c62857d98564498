package dev.agentwatch.ingest;

import dev.agentwatch.topics.DeadLetterHeaders;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A refused record as it goes to the dead-letter topic: its key, value and headers plus the reason headers,
 * cut down to fit {@link #BUDGET_BYTES} when the original is large. A dead letter that the producer refuses
 * as too large would otherwise fail the task again at every retry, stalling the partition behind it; the
 * reason and the source offset always fit, so the original can still be found.
 */
public record DeadLetterRecord(byte[] key, byte[] value, Headers headers, boolean truncated) {

    /** Key, value and headers together: half of the producer's and broker's default 1 MiB record limit. */
    public static final int BUDGET_BYTES = 512 * 1024;
    /** Longest key kept when a record must be cut: an agent id is at most 200 characters. */
    static final int MAX_KEPT_KEY_BYTES = 1024;
    static final int MAX_DETAIL_CHARS = 1024;
    static final int MAX_FIELD_CHARS = 256;

    /** The dead letter of one record; {@code detail} and {@code field} are shortened when long. */
    public static DeadLetterRecord of(byte[] key, byte[] value, Headers original, String reason, String field, String detail,
                                      String topic, int partition, long offset, long nowMs) {
        Headers reasons = DeadLetterHeaders.of(null, reason, abbreviate(field, MAX_FIELD_CHARS),
                abbreviate(detail, MAX_DETAIL_CHARS), topic, partition, offset, nowMs);
        Header[] kept = original == null ? new Header[0] : original.toArray();
        long total = length(key) + length(value) + size(kept) + size(reasons.toArray());
        if (total <= BUDGET_BYTES) {
            return new DeadLetterRecord(key, value, merge(kept, reasons, null), false);
        }
        StringBuilder notes = new StringBuilder();
        if (size(kept) > BUDGET_BYTES / 4) {
            note(notes, kept.length + " original header(s) of " + size(kept) + " bytes dropped");
            kept = new Header[0];
        }
        byte[] k = key;
        if (key != null && key.length > MAX_KEPT_KEY_BYTES) {
            k = Arrays.copyOf(key, MAX_KEPT_KEY_BYTES);
            note(notes, "key of " + key.length + " bytes cut to its first " + MAX_KEPT_KEY_BYTES);
        }
        byte[] v = value;
        long room = BUDGET_BYTES - length(k) - size(kept) - size(reasons.toArray()) - 256;
        if (value != null && value.length > room) {
            v = Arrays.copyOf(value, (int) Math.max(0, room));
            note(notes, "value of " + value.length + " bytes cut to its first " + v.length);
        }
        return new DeadLetterRecord(k, v, merge(kept, reasons, notes.toString()), true);
    }

    /** {@code text} itself when short, else its start and how much was left out. */
    static String abbreviate(String text, int maxChars) {
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        return text.substring(0, maxChars) + "... (" + (text.length() - maxChars) + " more characters)";
    }

    private static Headers merge(Header[] original, Headers reasons, String truncation) {
        Headers h = new RecordHeaders(original);
        for (Header r : reasons) {
            h.remove(r.key());
        }
        for (Header r : reasons) {
            h.add(r);
        }
        if (truncation != null && !truncation.isEmpty()) {
            h.remove(DeadLetterHeaders.TRUNCATED);
            h.add(DeadLetterHeaders.TRUNCATED, truncation.getBytes(StandardCharsets.UTF_8));
        }
        return h;
    }

    private static void note(StringBuilder notes, String what) {
        if (notes.length() > 0) {
            notes.append("; ");
        }
        notes.append(what);
    }

    private static long length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static long size(Header[] headers) {
        long n = 0;
        for (Header h : headers) {
            n += h.key().length() * 3L + length(h.value());
        }
        return n;
    }
}
