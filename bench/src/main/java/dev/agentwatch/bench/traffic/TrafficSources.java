package dev.agentwatch.bench.traffic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the generator draws from: agents' typical calls per agent kind and how much calls vary around them, the
 * arrival profile over the span, and the real tenant rates behind per-agent weights. Loaded from the recorded traces when they are there; every part falls back
 * to a synthetic shape fitted to the traces' published figures, and {@link #notes()} says which and why.
 *
 * @param spreads     how much each agent's calls vary around its typical call
 * @param tenantRates null when per-agent weights are synthetic
 * @param attributions one line per trace used; benchmark output must keep them
 * @param notes        one line per part that fell back to a synthetic shape
 */
public record TrafficSources(TokenSource codeTokens, TokenSource chatTokens, CallSpreads spreads, ArrivalProfile arrivals, double[] tenantRates,
                             List<String> attributions, List<String> notes) {

    public TokenSource tokens(AgentKind kind) {
        return kind == AgentKind.CODE ? codeTokens : chatTokens;
    }

    /** Everything synthetic: no trace is read. */
    public static TrafficSources synthetic() {
        return new TrafficSources(LogNormalTokens.codeLike(), LogNormalTokens.chatLike(), CallSpreads.medianFigures(),
                ArrivalProfile.synthetic(), null,
                List.of(), List.of("synthetic traffic requested: lognormal tokens fitted to the traces' published figures"));
    }

    /** From {@link SharedData#locate()}, with synthetic fallbacks for whatever is missing. */
    public static TrafficSources fromSharedData(TrafficShape shape, CallSpreads.Mode spreadMode) {
        Optional<Path> dir = SharedData.locate();
        if (dir.isEmpty()) {
            TrafficSources s = synthetic();
            return new TrafficSources(s.codeTokens, s.chatTokens, s.spreads, s.arrivals, null, List.of(),
                    List.of("trace data not found at " + SharedData.expected() + ": using synthetic lognormal token counts "
                            + "and agent rates fitted to the traces' published figures"));
        }
        return fromFolder(dir.get(), shape, spreadMode);
    }

    static TrafficSources fromFolder(Path dir, TrafficShape shape, CallSpreads.Mode spreadMode) {
        List<String> attributions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        TraceRows azure = readIfPresent(dir.resolve(SharedData.AZURE_CODE), AzureCodeTrace::read, notes);
        MooncakeTrace.Loaded chatTrace = readIfPresent(dir.resolve(SharedData.MOONCAKE),
                f -> MooncakeTrace.read(f, CONVERSATION_MIN_CALLS), notes);
        TraceRows mooncake = chatTrace == null ? null : chatTrace.rows();
        double[] rates = null;
        Path servegen = dir.resolve(SharedData.SERVEGEN);
        if (Files.isDirectory(servegen)) {
            rates = ServeGenRates.read(servegen);
            attributions.add(ServeGenRates.ATTRIBUTION);
        } else {
            notes.add(servegen + " not found: per-agent rates are a synthetic lognormal");
        }
        List<CallSpread> conversations = chatTrace == null ? List.of() : chatTrace.conversations();
        CallSpreads spreads;
        if (!conversations.isEmpty()) {
            spreads = CallSpreads.of(spreadMode, conversations, "Mooncake conversations of " + CONVERSATION_MIN_CALLS + "+ calls");
        } else {
            spreads = CallSpreads.medianFigures();
            notes.add("call spread: no Mooncake conversation of " + CONVERSATION_MIN_CALLS
                    + "+ calls to measure; the median conversation's figures, for every agent");
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
        return new TrafficSources(code, chat, spreads, arrivals, rates, List.copyOf(attributions), List.copyOf(notes));
    }

    /** Conversations shorter than this say little about how one conversation varies. */
    static final int CONVERSATION_MIN_CALLS = 5;

    private static <T> T readIfPresent(Path file, Function<Path, T> reader, List<String> notes) {
        if (!Files.isRegularFile(file)) {
            notes.add(file + " not found: using a synthetic lognormal fitted to its published figures");
            return null;
        }
        return reader.apply(file);
    }

    /** One line for bench output: where tokens, arrivals and rates come from. */
    public String describe() {
        return "typical calls: code=" + codeTokens.describe() + ", chat=" + chatTokens.describe() + "; per-agent spread: "
                + spreads.describe() + "; arrivals: " + arrivals.describe()
                + "; agent rates: " + (tenantRates != null ? tenantRates.length + " ServeGen tenants' long-run rates, jittered"
                : "synthetic lognormal (log-sd " + AgentPopulation.TENANT_LOG_SPREAD + ")");
    }
}
