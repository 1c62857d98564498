package dev.agentwatch.sink.broker;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting on a running sink in real time: until something happens, or checking that something keeps holding. */
final class Await {

    private static final long POLL_MS = 100;

    private Await() {
    }

    /** Returns once {@code condition} is true; fails after {@code timeout}. */
    static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** Fails as soon as {@code condition} is false during the next {@code period}. */
    static void holds(String what, Duration period, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end) {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("no longer true after " + Duration.ofNanos(period.toNanos() - (end - System.nanoTime())).toSeconds()
                        + " s: " + what);
            }
            Thread.sleep(POLL_MS * 5);
        }
    }
}
