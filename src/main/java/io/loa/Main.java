package io.loa;

import io.loa.config.ConfigException;
import io.loa.token.TokenCommand;
import java.time.Clock;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar loa.jar [--config DIR]} serves feeds; {@code java -jar loa.jar token create|list|revoke …}
 * manages editor tokens. Settings come from {@code LOA_*} environment variables.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    static final String USAGE = """
            usage: java -jar loa.jar [--config DIR]                 serve the feeds
                   java -jar loa.jar token create|list|revoke ...   manage editor tokens""";

    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(new TokenCommand(System.out, System.err)
                    .run(System.getenv(), Arrays.copyOfRange(args, 1, args.length)));
        }
        // A word Loa does not know must not start a second server on the same database.
        if (!(args.length == 0 || args.length == 2 && args[0].equals("--config"))) {
            System.err.println("loa: unknown command or flag \"" + args[0] + "\"\n" + USAGE);
            System.exit(2);
        }
        try {
            Settings settings = Settings.from(System.getenv(), args);
            Server server = Server.start(settings, Clock.systemUTC());
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "loa-shutdown"));
            LOG.info("Loa serves {} on port {}: try {}/feeds/all.rss", server.site().title(), server.port(),
                    server.site().baseUrl());
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("Loa cannot start: " + e.getMessage());
            System.exit(2);
        }
    }
}
