package dev.agentwatch.sink;

import dev.agentwatch.schema.AlertEvent;

import java.io.PrintStream;
import java.time.Instant;

/** The local default receiver: one readable line per alert notification. */
public final class ConsoleReceiver {

    private final PrintStream out;

    public ConsoleReceiver(PrintStream out) {
        this.out = out;
    }

    public void deliver(AlertEvent a) {
        out.printf("%s %-8s %-8s %s agent=%s value=%.4g threshold=%.4g%s window=%ds samples=%d fingerprint=%s%n",
                Instant.now(), a.getStatus(), a.getSeverity(), a.getAlert(), a.getAgentId(), a.getValue(), a.getThreshold(),
                a.getBaseline() == null ? "" : String.format(" baseline=%.4g", a.getBaseline()),
                a.getWindowMs() / 1000, a.getSampleCount(), a.getFingerprint());
        out.flush();
    }
}
