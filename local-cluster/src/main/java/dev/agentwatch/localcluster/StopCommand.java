package dev.agentwatch.localcluster;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** {@code stop}: every process with a pid file, newest first, so apps go before the broker they talk to. */
final class StopCommand {

    static final Duration GRACE = Duration.ofSeconds(15);

    private final RunDir runDir;
    private final PrintStream out;

    StopCommand(LocalClusterConfig config, PrintStream out) {
        this.runDir = new RunDir(config.runDir());
        this.out = out;
    }

    int run() {
        List<ServiceRecord> records = new ArrayList<>(ServiceRecord.all(runDir));
        if (records.isEmpty()) {
            out.println("nothing to stop (no pid files in " + runDir.pids() + ")");
            return 0;
        }
        Collections.reverse(records);
        int failures = 0;
        for (ServiceRecord record : records) {
            Optional<ProcessHandle> live = ProcessOwnership.liveProcess(record);
            if (live.isEmpty()) {
                out.printf("%-14s (pid %d) was not running%n", record.name(), record.pid());
                record.delete(runDir);
                continue;
            }
            long t0 = System.nanoTime();
            ProcessOwnership.Stopped result = ProcessOwnership.stop(live.get(), GRACE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            switch (result) {
                case GRACEFULLY -> out.printf("%-14s (pid %d) stopped in %.1f s%n", record.name(), record.pid(), seconds);
                case FORCIBLY -> out.printf("%-14s (pid %d) did not stop within %d s; killed%n", record.name(),
                        record.pid(), GRACE.toSeconds());
                case STILL_ALIVE -> {
                    out.printf("%-14s (pid %d) is still alive even after SIGKILL; pid file kept%n", record.name(), record.pid());
                    failures++;
                    continue;
                }
            }
            record.delete(runDir);
        }
        return failures == 0 ? 0 : 1;
    }
}
