package dev.agentwatch.localcluster.junit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one broker and one registry per test JVM on first use and keeps them in the root store, which
 * JUnit closes when the whole run ends; every test class with {@link WithLocalKafka} shares them.
 */
public final class LocalKafkaExtension implements BeforeAllCallback, ParameterResolver {

    static {
        // JUnit instantiates the extension before any broker code runs: the moment to pick the log config.
        QuietTestLogging.install();
    }

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalKafkaExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        shared(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return shared(extensionContext);
    }

    private static SharedLocalKafka shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedLocalKafka.class, type -> SharedLocalKafka.start(), SharedLocalKafka.class);
    }
}
