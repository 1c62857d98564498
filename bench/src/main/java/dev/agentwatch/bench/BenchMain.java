package dev.agentwatch.bench;

import java.io.PrintStream;
import java.util.Map;

/** What both benchmark mains share: options, logging, exit codes (0 ok, 1 failed, 2 bad usage, 3 timed out). */
final class BenchMain {

    interface Body {
        /** @return false when the benchmark has reported its own failure (exit 1 without a stack trace) */
        boolean run(BenchOptions options, PrintStream out) throws Throwable;
    }

    private BenchMain() {
    }

    static void main(String[] args, Map<String, String> defaults, Body body) {
        BenchLogging.configure();
        PrintStream out = System.out;
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, System.getProperties(), defaults);
        } catch (IllegalArgumentException e) {
            out.println("usage error: " + e.getMessage());
            out.println("options (--name=value or -Dbench.name=value): " + BenchOptions.NAMES + "; defaults " + defaults);
            System.exit(2);
            return;
        }
        int code;
        try {
            code = body.run(options, out) ? 0 : 1;
        } catch (BenchTimeoutException e) {
            out.println("benchmark FAILED: timed out: " + e.getMessage());
            code = Watchdog.EXIT_CODE;
        } catch (Throwable e) {
            out.println("benchmark FAILED: " + e);
            e.printStackTrace(out);
            code = 1;
        }
        out.flush();
        // Exit explicitly: a client thread left behind by a failure must not keep the JVM (and so make) waiting.
        System.exit(code);
    }
}
