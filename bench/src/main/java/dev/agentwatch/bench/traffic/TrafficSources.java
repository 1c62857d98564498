package dev.agentwatch.bench.traffic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the generator draws from: token counts per agent kind, the arrival profile over the span, and the real
 * tenant rates behind per-agent weights. Loaded from the recorded traces when they are there; every part falls back
 * to a synthetic shape fitted to the traces' published figures, and {@link #notes()} says which and why.
 *
 * @param tenantRates null when per-agent weights are synthetic
 * @param attributions one line per trace used; benchmark output must keep them
 * @param notes        one line per part that fell back to a synthetic shape
 */
public record TrafficSources(TokenSource codeTokens, TokenSource chatTokens, ArrivalProfile arrivals, double[] tenantRates,
                             List<String> attributions, List<String> notes) {

    public TokenSource tokens(AgentKind kind) {
        return kind == AgentKind.CODE ? codeTokens : chatTokens;
    }

    /** Everything synthetic: no trace is read. */
    public static TrafficSources synthetic() {
        return new TrafficSources(LogNormalTokens.codeLike(), LogNormalTokens.chatLike(), ArrivalProfile.synthetic(), null,
                List.of(), List.of("synthetic traffic requested: lognormal tokens fitted to the traces' published figures"));
    }

    /** From {@link SharedData#locate()}, with synthetic fallbacks for whatever is missing. */
    public static TrafficSources fromSharedData(TrafficShape shape) {
        Optional<Path> dir = SharedData.locate();
        if (dir.isEmpty()) {
            TrafficSources s = synthetic();
            return new TrafficSources(s.codeTokens, s.chatTokens, s.arrivals, null, List.of(),
                    List.of("trace data not found at " + SharedData.expected() + ": using synthetic lognormal token counts "
                            + "and agent rates fitted to the traces' published figures"));
        }
        return fromFolder(dir.get(), shape);
    }

    static TrafficSources fromFolder(Path dir, TrafficShape shape) {
        List<String> attributions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        TraceRows azure = readIfPresent(dir.resolve(SharedData.AZURE_CODE), AzureCodeTrace::read, notes);
        TraceRows mooncake = readIfPresent(dir.resolve(SharedData.MOONCAKE), MooncakeTrace::read, notes);
        double[] rates = null;
        Path servegen = dir.resolve(SharedData.SERVEGEN);
        if (Files.isDirectory(servegen)) {
            rates = ServeGenRates.read(servegen);
            attributions.add(ServeGenRates.ATTRIBUTION);
        } else {
            notes.add(servegen + " not found: per-agent rates are a synthetic lognormal");
        }
        TokenSource code = azure != null ? new EmpiricalTokens(azure) : LogNormalTokens.codeLike();
        TokenSource chat = mooncake != null ? new EmpiricalTokens(mooncake) : LogNormalTokens.chatLike();
        if (azure != null) {
            attributions.add(0, AzureCodeTrace.ATTRIBUTION);
        }
        if (mooncake != null) {
            attributions.add(azure != null ? 1 : 0, MooncakeTrace.ATTRIBUTION);
        }
        ArrivalProfile arrivals;
        if (azure != null && mooncake != null) {
            arrivals = ArrivalProfile.fromTraces(new TraceRows[] {azure, mooncake},
                    new double[] {shape.codeShare(), 1 - shape.codeShare()});
        } else if (azure != null || mooncake != null) {
            arrivals = ArrivalProfile.fromTraces(new TraceRows[] {azure != null ? azure : mooncake}, new double[] {1});
        } else {
            arrivals = ArrivalProfile.synthetic();
        }
        return new TrafficSources(code, chat, arrivals, rates, List.copyOf(attributions), List.copyOf(notes));
    }

    private interface Reader {
        TraceRows read(Path file);
    }

    private static TraceRows readIfPresent(Path file, Reader reader, List<String> notes) {
        if (!Files.isRegularFile(file)) {
            notes.add(file + " not found: using a synthetic lognormal fitted to its published figures");
            return null;
        }
        return reader.read(file);
    }

    /** One line for bench output: where tokens, arrivals and rates come from. */
    public String describe() {
        return "tokens: code=" + codeTokens.describe() + ", chat=" + chatTokens.describe() + "; arrivals: " + arrivals.describe()
                + "; agent rates: " + (tenantRates != null ? tenantRates.length + " ServeGen tenants' long-run rates, jittered"
                : "synthetic lognormal (log-sd " + AgentPopulation.TENANT_LOG_SPREAD + ")");
    }
}
