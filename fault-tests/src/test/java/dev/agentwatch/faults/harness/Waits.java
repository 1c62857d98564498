package dev.agentwatch.faults.harness;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling with a deadline; a condition that throws counts as not yet true. */
public final class Waits {

    private static final long POLL_MS = 200;

    private Waits() {
    }

    /** Returns once {@code condition} holds; throws an AssertionError naming {@code what} after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        if (!within(timeout, condition)) {
            throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
        }
    }

    /** True once {@code condition} holds, false if {@code timeout} passes first. */
    public static boolean within(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException notYet) {
                // e.g. an instance's HTTP port not open yet
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(Duration.ofMillis(POLL_MS));
        }
    }

    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
