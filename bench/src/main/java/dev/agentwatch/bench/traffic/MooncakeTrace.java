package dev.agentwatch.bench.traffic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the Mooncake conversation trace: one JSON object a line with {@code timestamp} (ms), {@code input_length},
 * {@code output_length} and {@code hash_ids}, the prompt's 512-token blocks. A leading run of blocks seen in an
 * earlier request is what a prefix cache serves, which gives each request its cache-read tokens.
 */
public final class MooncakeTrace {

    public static final String ATTRIBUTION = "Mooncake conversation trace (Kimi), Apache-2.0; Mooncake, FAST 2025";
    static final int BLOCK_TOKENS = 512;

    private MooncakeTrace() {
    }

    /** The trace's rows, and one spread per conversation of at least the asked number of calls. */
    public record Loaded(TraceRows rows, List<CallSpread> conversations) {
    }

    /**
     * Reads the trace in one pass. Calls that share their first two prompt blocks continue one conversation; how
     * much each conversation of at least {@code minConversationCalls} calls varies is what agents are modelled on.
     */
    public static Loaded read(Path file, int minConversationCalls) {
        List<int[]> rows = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        Set<Long> seenBlocks = new HashSet<>();
        Map<List<Long>, List<Integer>> conversations = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                long ts = number(line, "\"timestamp\"");
                int input = (int) number(line, "\"input_length\"");
                int output = (int) number(line, "\"output_length\"");
                int cachedBlocks = 0;
                boolean prefix = true;
                long[] blocks = hashIds(line);
                if (blocks.length >= 2) {
                    conversations.computeIfAbsent(List.of(blocks[0], blocks[1]), k -> new ArrayList<>()).add(rows.size());
                }
                for (long block : blocks) {
                    // Only the leading run counts: a prefix cache cannot reuse a block after a miss.
                    boolean seen = !seenBlocks.add(block);
                    if (prefix && seen) {
                        cachedBlocks++;
                    } else {
                        prefix = false;
                    }
                }
                times.add(ts);
                rows.add(new int[] {input, output, Math.min(input, cachedBlocks * BLOCK_TOKENS)});
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        int n = rows.size();
        long[] offset = new long[n];
        int[] input = new int[n];
        int[] output = new int[n];
        int[] cached = new int[n];
        long first = n == 0 ? 0 : times.get(0);
        for (int i = 0; i < n; i++) {
            offset[i] = times.get(i) - first;
            input[i] = rows.get(i)[0];
            output[i] = rows.get(i)[1];
            cached[i] = rows.get(i)[2];
        }
        List<CallSpread> spreads = new ArrayList<>();
        for (List<Integer> calls : conversations.values()) {
            if (calls.size() >= minConversationCalls) {
                spreads.add(new CallSpread(logSd(calls, input), logSd(calls, output)));
            }
        }
        return new Loaded(new TraceRows("mooncake-chat", ATTRIBUTION, offset, input, output, cached), spreads);
    }

    /** Population standard deviation of log(max(1, tokens)) over the given rows. */
    private static double logSd(List<Integer> calls, int[] tokens) {
        double sum = 0;
        double sumSq = 0;
        for (int row : calls) {
            double x = Math.log(Math.max(1, tokens[row]));
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / calls.size();
        return Math.sqrt(Math.max(0, sumSq / calls.size() - mean * mean));
    }

    /** The integer after {@code "name":}; the file is machine-written, so a full JSON parser buys nothing. */
    static long number(String line, String name) {
        int at = line.indexOf(name);
        if (at < 0) {
            throw new IllegalArgumentException("no " + name + " in: " + abbreviate(line));
        }
        int i = line.indexOf(':', at + name.length()) + 1;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        int start = i;
        while (i < line.length() && (Character.isDigit(line.charAt(i)) || line.charAt(i) == '-')) {
            i++;
        }
        return Long.parseLong(line.substring(start, i));
    }

    static long[] hashIds(String line) {
        int at = line.indexOf("\"hash_ids\"");
        if (at < 0) {
            return new long[0];
        }
        int open = line.indexOf('[', at);
        int close = line.indexOf(']', open);
        String body = line.substring(open + 1, close).trim();
        if (body.isEmpty()) {
            return new long[0];
        }
        String[] parts = body.split(",");
        long[] ids = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            ids[i] = Long.parseLong(parts[i].trim());
        }
        return ids;
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
