package io.loa;

import io.loa.net.HostLookup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What a test server starts with, where a test wants other than the defaults: the project's feeds-config, no demo
 * content, a fresh database of its own (see {@link TestDatabase}), {@link TestServer#NOW} standing still as "now".
 * <pre>
 * ServerSetup.defaults().demo().site(site -&gt; site.itemsPerFeed(3)).clock(clock).start()
 * </pre>
 * {@link ServerPerClass} starts one for a test class; {@link #start()} starts one for a single test.
 */
public final class ServerSetup {

    private final Map<String, String> settings = new LinkedHashMap<>();
    private Clock clock = Clock.fixed(TestServer.NOW, ZoneOffset.UTC);
    private HostLookup names = HostLookup.SYSTEM;
    private UnaryOperator<TestSite> site;
    private Supplier<String> database;

    private ServerSetup() {}

    public static ServerSetup defaults() {
        return new ServerSetup();
    }

    /** A {@code LOA_*} setting, as an operator sets it in the environment. */
    public ServerSetup setting(String name, String value) {
        settings.put(name, value);
        return this;
    }

    public ServerSetup settings(Map<String, String> more) {
        settings.putAll(more);
        return this;
    }

    /** The demo content loaded into the empty database, as Loa does by default outside tests. */
    public ServerSetup demo() {
        return setting("LOA_DEMO", "true");
    }

    /** "Now" for the server: what dates edits and decides which articles are scheduled. */
    public ServerSetup clock(Clock now) {
        clock = now;
        return this;
    }

    /** How the WebSub hub resolves callback hosts. */
    public ServerSetup names(HostLookup lookup) {
        names = lookup;
        return this;
    }

    /** The project's site changed by {@code edit}, instead of the project's feeds-config itself. */
    public ServerSetup site(UnaryOperator<TestSite> edit) {
        site = edit;
        return this;
    }

    /** The database at {@code url}, which the test owns: the server neither makes it nor drops it. */
    public ServerSetup database(String url) {
        return database(() -> url);
    }

    /** The database another test server runs on: two instances of one site, as behind a load balancer. */
    public ServerSetup sharingDatabaseOf(ServerPerClass other) {
        return database(() -> other.server().env().get("LOA_DB_URL"));
    }

    public ServerSetup sharingDatabaseOf(TestServer other) {
        return database(other.env().get("LOA_DB_URL"));
    }

    /** The database at the URL {@code url} gives when the server starts, which the test owns. */
    public ServerSetup database(Supplier<String> url) {
        database = url;
        return this;
    }

    /** Starts a server with this setup; the caller closes it. */
    public TestServer start() {
        Map<String, String> env = new LinkedHashMap<>(settings);
        if (database != null) {
            env.put("LOA_DB_URL", database.get());
        }
        if (site == null) {
            return TestServer.start(env, names, clock, null);
        }
        try {
            Path dir = Files.createTempDirectory("loa-site-");
            site.apply(TestSite.project()).writeTo(dir);
            env.put("LOA_CONFIG", dir.toString());
            return TestServer.start(env, names, clock, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
