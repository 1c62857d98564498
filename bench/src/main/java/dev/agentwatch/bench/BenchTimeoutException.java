package dev.agentwatch.bench;

/** A benchmark phase ran past the run's deadline: the run is reported as failed, never as a slow result. */
final class BenchTimeoutException extends RuntimeException {

    BenchTimeoutException(String message) {
        super(message);
    }
}
