package dev.agentwatch.localcluster;

/** A failure the launcher reports to the user as one clear message (no stack trace) and a non-zero exit code. */
public final class LauncherException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LauncherException(String message) {
        super(message);
    }

    public LauncherException(String message, Throwable cause) {
        super(message, cause);
    }
}
