package io.loa;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.lifecycle.AroundContainerHook;
import net.jqwik.api.lifecycle.ContainerLifecycleContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test server of a test class, started before its first test (and before its own {@code @BeforeAll} or
 * {@code @BeforeContainer} methods) and closed after its last. A JUnit class registers it:
 * <pre>
 * &#64;RegisterExtension
 * static final ServerPerClass loa = new ServerPerClass(ServerSetup.defaults().demo());
 * </pre>
 * A jqwik class, whose engine knows nothing of JUnit's extensions, declares the same field and adds the hook:
 * <pre>
 * &#64;AddLifecycleHook(ServerPerClass.Hook.class)
 * class ApiFuzzTest {
 *     static final ServerPerClass loa = new ServerPerClass();
 * </pre>
 */
public final class ServerPerClass implements BeforeAllCallback, AfterAllCallback {

    private final ServerSetup setup;
    private TestServer server;
    private String token;

    /** A server with the defaults of {@link ServerSetup}. */
    public ServerPerClass() {
        this(ServerSetup.defaults());
    }

    public ServerPerClass(ServerSetup setup) {
        this.setup = setup;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void start() {
        server = setup.start();
    }

    private void close() {
        if (server != null) {
            server.close();
            server = null;
            token = null;
        }
    }

    public TestServer server() {
        if (server == null) {
            throw new IllegalStateException("The test server runs only while its test class does");
        }
        return server;
    }

    /** A token of the desk, which may write to every section; made when first asked for. */
    public synchronized String token() {
        if (token == null) {
            token = server().token("desk");
        }
        return token;
    }

    /**
     * Starts and closes the servers of a jqwik class: its static {@code ServerPerClass} fields, in the order they
     * are declared, before its {@code @BeforeContainer} methods run, and closes them after its
     * {@code @AfterContainer} methods.
     */
    public static final class Hook implements AroundContainerHook {

        @Override
        public void beforeContainer(ContainerLifecycleContext context) {
            for (ServerPerClass loa : servers(context)) {
                loa.start();
            }
        }

        @Override
        public void afterContainer(ContainerLifecycleContext context) {
            List<ServerPerClass> servers = servers(context);
            for (int i = servers.size() - 1; i >= 0; i--) {
                servers.get(i).close();
            }
        }

        /** Runs outside jqwik's own {@code @BeforeContainer} and {@code @AfterContainer} methods. */
        @Override
        public int proximity() {
            return -100;
        }

        private static List<ServerPerClass> servers(ContainerLifecycleContext context) {
            List<ServerPerClass> servers = new ArrayList<>();
            Class<?> container = context.optionalContainerClass().orElseThrow();
            for (Field field : container.getDeclaredFields()) {
                if (field.getType() == ServerPerClass.class && Modifier.isStatic(field.getModifiers())) {
                    try {
                        field.setAccessible(true);
                        servers.add((ServerPerClass) field.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            if (servers.isEmpty()) {
                throw new IllegalStateException(container.getName() + " has no static ServerPerClass field");
            }
            return servers;
        }
    }
}
