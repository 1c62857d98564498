package dev.agentwatch.localcluster;

/** Wrong command-line arguments: reported with the usage line and exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
