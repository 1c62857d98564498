package dev.agentwatch.gateway.otlp;

import com.google.protobuf.ByteString;

/** Hex for trace and span ids: OTLP/JSON carries them as hex, and events carry them as hex too. */
final class OtlpIds {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private OtlpIds() {}

    static String hex(ByteString id) {
        char[] out = new char[id.size() * 2];
        for (int i = 0; i < id.size(); i++) {
            int b = id.byteAt(i) & 0xff;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0x0f];
        }
        return new String(out);
    }

    /** The bytes a hex string stands for, or null when it is not hex (either case is accepted). */
    static byte[] fromHex(String hex) {
        if ((hex.length() & 1) != 0) {
            return null;
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = nibble(hex.charAt(2 * i));
            int lo = nibble(hex.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    // ASCII only: Character.digit would also take other scripts' digits.
    private static int nibble(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    static boolean allZero(ByteString id) {
        for (int i = 0; i < id.size(); i++) {
            if (id.byteAt(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
