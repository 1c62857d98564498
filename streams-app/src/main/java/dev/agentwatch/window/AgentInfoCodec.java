package dev.agentwatch.window;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What the slice store keeps about an agent besides its slices: when it was last seen and the identifying
 * fields of its latest event (fleet, model, labels), so alerts and the fleet view keep them across restarts.
 */
public final class AgentInfoCodec {

    /** Version 2 appends agent_version; version 1 records (without it) still decode. */
    private static final byte VERSION = 2;
    private static final byte VERSION_1 = 1;

    private AgentInfoCodec() {
    }

    public static byte[] encode(AgentWindows a) {
        byte[] fleet = bytes(a.fleet);
        byte[] model = bytes(a.model);
        byte[] version = bytes(a.agentVersion);
        int size = 1 + 8 + 4 + len(fleet) + 4 + len(model) + 4 + 4 + len(version);
        byte[][] labels = new byte[a.labels.size() * 2][];
        int i = 0;
        for (Map.Entry<String, String> l : a.labels.entrySet()) {
            labels[i] = bytes(l.getKey());
            labels[i + 1] = bytes(l.getValue());
            size += 8 + len(labels[i]) + len(labels[i + 1]);
            i += 2;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(VERSION).putLong(a.lastEventMs);
        put(b, fleet);
        put(b, model);
        b.putInt(a.labels.size());
        for (byte[] l : labels) {
            put(b, l);
        }
        put(b, version);
        return b.array();
    }

    /** Applies stored info to a restored agent. */
    public static void decodeInto(byte[] value, AgentWindows a) {
        ByteBuffer b = ByteBuffer.wrap(value);
        byte format = b.get();
        if (format != VERSION && format != VERSION_1) {
            throw new IllegalArgumentException("unknown agent info version");
        }
        a.lastEventMs = Math.max(a.lastEventMs, b.getLong()); // restored slices may know a later event
        String fleet = get(b);
        String model = get(b);
        int n = b.getInt();
        Map<String, String> labels = new HashMap<>(Math.max(4, n * 2));
        for (int i = 0; i < n; i++) {
            labels.put(get(b), get(b));
        }
        String version = format == VERSION ? get(b) : null;
        a.identify(fleet, model, version, labels);
        a.infoPersisted();
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int len(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static void put(ByteBuffer b, byte[] s) {
        if (s == null) {
            b.putInt(-1);
        } else {
            b.putInt(s.length).put(s);
        }
    }

    private static String get(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0) {
            return null;
        }
        String s = new String(b.array(), b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }
}
