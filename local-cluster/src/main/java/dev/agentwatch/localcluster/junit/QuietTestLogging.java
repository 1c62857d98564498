package dev.agentwatch.localcluster.junit;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * Makes Log4j use our quiet test configuration instead of the {@code log4j2.yaml} that Kafka's test-kit jar
 * puts on every test classpath (root logger at INFO: thousands of broker lines per test run).
 *
 * <p>Rules, in order: an explicit {@code -Dlog4j2.configurationFile} wins; so does a module's own
 * {@code log4j2-test.*} in its test resources (Log4j already prefers it to the test kit's file). Otherwise we set
 * the property to our file, and if Log4j was already initialised from another file, reconfigure it.
 */
final class QuietTestLogging {

    static final String CONFIG = "/dev/agentwatch/localcluster/log4j2-tests.xml";
    /** The {@code name} attribute of that file's Configuration element. */
    static final String CONFIG_NAME = "agentwatch-tests";
    private static final String PROPERTY = "log4j2.configurationFile";
    private static final String LEGACY_PROPERTY = "log4j.configurationFile";
    private static final List<String> TEST_CONFIG_NAMES = List.of("log4j2-test.properties", "log4j2-test.yaml",
            "log4j2-test.yml", "log4j2-test.json", "log4j2-test.jsn", "log4j2-test.xml");

    private QuietTestLogging() {
    }

    static synchronized void install() {
        if (System.getProperty(PROPERTY) != null || System.getProperty(LEGACY_PROPERTY) != null || moduleHasOwnTestConfig()) {
            return;
        }
        URL ours = Objects.requireNonNull(QuietTestLogging.class.getResource(CONFIG), CONFIG);
        System.setProperty(PROPERTY, ours.toString());
        // Getting the context initialises Log4j with the property above if nothing logged yet; if something did,
        // it already holds the test kit's configuration and needs to be pointed at ours.
        if (LogManager.getContext(false) instanceof LoggerContext context && !isOurs(context)) {
            try {
                context.setConfigLocation(ours.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("bad log config location " + ours, e);
            }
        }
    }

    /** A log4j2-test.* in a directory (a module's test-classes), not inside some dependency's jar. */
    private static boolean moduleHasOwnTestConfig() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String name : TEST_CONFIG_NAMES) {
            try {
                for (URL url : Collections.list(loader.getResources(name))) {
                    if ("file".equals(url.getProtocol())) {
                        return true;
                    }
                }
            } catch (IOException e) {
                // Unreadable classpath entry: cannot be a config Log4j would load either.
            }
        }
        return false;
    }

    /** Recognised by the name our file gives its configuration; locations are spelled differently per source. */
    static boolean isOurs(LoggerContext context) {
        return CONFIG_NAME.equals(context.getConfiguration().getName());
    }
}
