package io.ferstream.stack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests a running {@link EmbeddedStack}. One stack per test JVM: started
 * lazily by the first test class that asks, shared by every class, and stopped when JUnit closes
 * its root store at the end of the run.
 *
 * <pre>
 * &#64;ExtendWith(EmbeddedStackExtension.class)
 * class MyIT {
 *   &#64;Test void shouldX(EmbeddedStack stack) { ... stack.bootstrapServers() ... }
 * }
 * </pre>
 */
public final class EmbeddedStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(EmbeddedStackExtension.class);

    /** Wraps the stack so the root store closes it at the end of the JVM's test run. */
    @SuppressWarnings(
            "deprecation") // CloseableResource for JUnit < 5.13; newer ones use AutoCloseable
    private record Resource(EmbeddedStack stack)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            stack.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedStack.class;
    }

    @Override
    public EmbeddedStack resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return stack(context);
    }

    /** The shared stack, started on first use. */
    public static EmbeddedStack stack(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        Resource.class, key -> new Resource(EmbeddedStack.start()), Resource.class)
                .stack();
    }
}
