package dev.agentwatch.localcluster;

import java.io.PrintStream;
import java.util.List;

/** {@code status}: one line per process with a pid file. */
final class StatusCommand {

    private final RunDir runDir;
    private final PrintStream out;

    StatusCommand(LocalClusterConfig config, PrintStream out) {
        this.runDir = new RunDir(config.runDir());
        this.out = out;
    }

    int run() {
        List<ServiceRecord> records = ServiceRecord.all(runDir);
        if (records.isEmpty()) {
            out.println("nothing running (no pid files in " + runDir.pids() + ")");
            return 0;
        }
        String format = "%-14s %-8s %-6s %s%n";
        out.printf(format, "SERVICE", "PID", "ALIVE", "PORT");
        for (ServiceRecord record : records) {
            boolean alive = ProcessOwnership.liveProcess(record).isPresent();
            String port = record.port().isEmpty() ? "-"
                    : record.port().getAsInt() + (Ports.isListening(record.port().getAsInt()) ? " (listening)" : " (not listening)");
            out.printf(format, record.name(), record.pid(), alive ? "yes" : "no", port);
        }
        return 0;
    }
}
