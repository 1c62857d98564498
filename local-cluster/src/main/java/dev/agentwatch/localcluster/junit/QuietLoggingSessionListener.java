package dev.agentwatch.localcluster.junit;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Registered through META-INF/services, so the JUnit Platform calls it when a test JVM's session opens, before
 * any test class runs: every module with this jar on its test classpath gets the quiet log configuration even
 * for tests that log before (or without) using {@link WithLocalKafka}.
 */
public final class QuietLoggingSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        QuietTestLogging.install();
    }
}
