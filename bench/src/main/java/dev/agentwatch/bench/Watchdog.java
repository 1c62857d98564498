package dev.agentwatch.bench;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The last bound on a benchmark's time: phases check the deadline themselves, but a call that hangs (a broker that
 * stopped answering) would not. Past the limit this exits the JVM; shutdown hooks then stop the broker and registry.
 */
final class Watchdog {

    static final int EXIT_CODE = 3;
    private static final long HOOKS_GRACE_MS = 60_000;

    private Watchdog() {
    }

    static void start(Duration limit, PrintStream out) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            out.println("benchmark: still running after " + limit + "; giving up (exit " + EXIT_CODE + ")");
            out.flush();
            // System.exit runs the shutdown hooks (which stop the cluster); halt only if a hook itself hangs.
            Thread exit = new Thread(() -> System.exit(EXIT_CODE), "bench-watchdog-exit");
            exit.setDaemon(true);
            exit.start();
            try {
                exit.join(HOOKS_GRACE_MS);
            } catch (InterruptedException ignored) {
                // halting anyway
            }
            Runtime.getRuntime().halt(EXIT_CODE);
        }, "bench-watchdog");
        t.setDaemon(true);
        t.start();
    }
}
