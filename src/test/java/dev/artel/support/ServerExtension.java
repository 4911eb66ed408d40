package dev.artel.support;

import dev.artel.Artel;
import dev.artel.core.VirtualClock;
import dev.artel.config.ArtelConfig;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link TestServer} shared by all tests of a class, declared as
 * {@code @RegisterExtension static final ServerExtension server = ServerExtension.start();}.
 * The server starts in {@code beforeAll}, not when the field is initialized, so that a server that fails to
 * start fails the class's tests instead of breaking class loading. JUnit runs this before the class's own
 * {@code @BeforeAll} methods and closes the server after its {@code @AfterAll} methods, so those may use it.
 * The methods mirror {@link TestServer}'s, so that tests read the same as with a plain field.
 */
public final class ServerExtension implements BeforeAllCallback, AfterAllCallback {
    private final Consumer<ArtelConfig.Builder> customizer;
    private final boolean ownDatabase;
    private TestServer server;
    private Class<?> owner;

    private ServerExtension(Consumer<ArtelConfig.Builder> customizer, boolean ownDatabase) {
        this.customizer = customizer;
        this.ownDatabase = ownDatabase;
    }

    /** A server with {@link TestServer}'s defaults, changed by {@code customizer}. */
    public static ServerExtension start(Consumer<ArtelConfig.Builder> customizer) {
        return new ServerExtension(customizer, false);
    }

    /** As {@link #start(Consumer)}, on a database of its own even on PostgreSQL (TestServer.startOnOwnDatabase). */
    public static ServerExtension startOnOwnDatabase(Consumer<ArtelConfig.Builder> customizer) {
        return new ServerExtension(customizer, true);
    }

    public static ServerExtension start() {
        return start(b -> { });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // @Nested classes inherit the extension and call back again; they share the outer class's server.
        if (server == null) {
            owner = context.getRequiredTestClass();
            server = ownDatabase ? TestServer.startOnOwnDatabase(customizer) : TestServer.start(customizer);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null && context.getRequiredTestClass() == owner) {
            try {
                server.close();
            } finally {
                server = null;
            }
        }
    }

    /** The running server, for code that takes a {@link TestServer}. */
    public TestServer server() {
        if (server == null) {
            throw new IllegalStateException("no server: register the extension on a static field with @RegisterExtension");
        }
        return server;
    }

    public VirtualClock clock() {
        return server().clock();
    }

    public Artel artel() {
        return server().artel();
    }

    public String baseUrl() {
        return server().baseUrl();
    }

    public String dbUrl() {
        return server().dbUrl();
    }

    /** @see TestServer#newAccount() */
    public ApiClient newAccount() {
        return server().newAccount();
    }

    /** @see TestServer#operator() */
    public ApiClient operator() {
        return server().operator();
    }

    /** @see TestServer#newWorker() */
    public ApiClient newWorker() {
        return server().newWorker();
    }

    /** @see TestServer#newWorker(com.fasterxml.jackson.databind.node.ObjectNode) */
    public ApiClient newWorker(com.fasterxml.jackson.databind.node.ObjectNode form) {
        return server().newWorker(form);
    }

    /** @see TestServer#seedTask(String) */
    public void seedTask(String poolId) {
        server().seedTask(poolId);
    }

    /** @see TestServer#client(String) */
    public ApiClient client(String token) {
        return server().client(token);
    }

    /** @see TestServer#anonymous() */
    public ApiClient anonymous() {
        return server().anonymous();
    }
}
