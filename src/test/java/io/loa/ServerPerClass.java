package io.loa;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test server of a test class, started before its first test (and before its own {@code @BeforeAll} methods)
 * and closed after its last, with an editor token that may write to every section:
 * <pre>
 * &#64;RegisterExtension
 * static final ServerPerClass loa = new ServerPerClass();
 * </pre>
 */
public final class ServerPerClass implements BeforeAllCallback, AfterAllCallback {

    private TestServer server;
    private String token;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestServer.start();
        token = server.token("desk");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }

    public TestServer server() {
        return server;
    }

    /** A token of the desk, which may write to every section. */
    public String token() {
        return token;
    }
}
