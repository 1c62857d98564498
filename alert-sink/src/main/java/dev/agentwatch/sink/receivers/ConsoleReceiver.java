package dev.agentwatch.sink.receivers;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.delivery.Integration;
import dev.agentwatch.sink.delivery.Outcome;
import dev.agentwatch.sink.model.Notification;
import dev.agentwatch.sink.model.NotifiedAlert;

import java.io.PrintStream;
import java.time.Clock;

/** The local default receiver: one readable line per alert, FIRING or RESOLVED. */
public final class ConsoleReceiver implements Integration {

    private final String name;
    private final PrintStream out;
    private final boolean sendResolved;
    private final Clock clock;

    public ConsoleReceiver(String name, PrintStream out, boolean sendResolved, Clock clock) {
        this.name = name;
        this.out = out;
        this.sendResolved = sendResolved;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean sendResolved() {
        return sendResolved;
    }

    @Override
    public boolean mergeable() {
        return false;
    }

    @Override
    public Outcome deliver(Notification part) {
        for (NotifiedAlert na : part.alerts()) {
            out.println(line(na));
        }
        out.flush();
        return Outcome.DELIVERED;
    }

    String line(NotifiedAlert na) {
        AlertEvent a = na.event();
        return String.format("%s %-8s %-8s %s agent=%s value=%s threshold=%s%s window=%ds samples=%d fingerprint=%s",
                clock.instant(), na.firing() ? "FIRING" : "RESOLVED", a.getSeverity(), a.getAlert(), a.getAgentId(),
                Numbers.format(a.getValue()), Numbers.format(a.getThreshold()),
                a.getBaseline() == null ? "" : " baseline=" + Numbers.format(a.getBaseline()),
                a.getWindowMs() / 1000, a.getSampleCount(), a.getFingerprint());
    }
}
