package dev.agentwatch.bench.traffic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Reads the Azure LLM inference trace (code): {@code TIMESTAMP,ContextTokens,GeneratedTokens}, sorted by time. */
public final class AzureCodeTrace {

    public static final String ATTRIBUTION = "Azure LLM inference trace 2023 (code), CC-BY-4.0, Azure Public Dataset; "
            + "Patel et al., \"Splitwise\", ISCA 2024";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSS");

    private AzureCodeTrace() {
    }

    public static TraceRows read(Path file) {
        List<long[]> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String header = in.readLine();
            if (header == null || !header.startsWith("TIMESTAMP,")) {
                throw new IllegalArgumentException(file + ": not the Azure trace (header " + header + ")");
            }
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                long ms = LocalDateTime.parse(f[0].trim(), TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
                rows.add(new long[] {ms, Long.parseLong(f[1].trim()), Long.parseLong(f[2].trim())});
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        int n = rows.size();
        long[] offset = new long[n];
        int[] in = new int[n];
        int[] out = new int[n];
        long first = n == 0 ? 0 : rows.get(0)[0];
        for (int i = 0; i < n; i++) {
            long[] r = rows.get(i);
            offset[i] = r[0] - first;
            in[i] = (int) r[1];
            out[i] = (int) r[2];
        }
        // The trace has no cache information.
        return new TraceRows("azure-code", ATTRIBUTION, offset, in, out, new int[n]);
    }
}
