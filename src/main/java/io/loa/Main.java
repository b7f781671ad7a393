package io.loa;

import io.loa.cli.GracefulStop;
import io.loa.config.ConfigException;
import io.loa.config.Configuration;
import io.loa.config.Settings;
import io.loa.db.Database;
import io.loa.db.DatabaseUnavailable;
import io.loa.net.HostLookup;
import io.loa.token.TokenCommand;
import io.loa.transfer.ExportCommand;
import io.loa.transfer.ImportCommand;
import io.loa.webhook.WebhookCommand;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar loa.jar [--config DIR]} serves feeds; {@code token create|list|revoke …} manages editor tokens,
 * {@code webhook create|list|delete|enable …} webhook endpoints;
 * {@code import SOURCE …} and {@code export FILE} move articles in and out; {@code --help} prints the usage.
 * Settings come from {@code LOA_*} environment variables. A server that cannot start says why in one line: status
 * 2 for a setting or a configuration it cannot run with, 1 for a database or a port it cannot use.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    static final String USAGE = """
            usage: java -jar loa.jar [--config DIR]                 serve the feeds
                   java -jar loa.jar --help                         print this
                   java -jar loa.jar token create|list|revoke ...   manage editor tokens
                   java -jar loa.jar import SOURCE [--section SLUG] [--map-categories FILE] [--dry-run]
                                    [--max-documents N] [--max-bytes SIZE] [--max-time TIME]
                                    [--max-request-time TIME] [--allow-private-links]
                                                                   take in a feed, a WordPress export or a backup
                   java -jar loa.jar export FILE                    write every article to a backup (JSON Lines)
                   java -jar loa.jar webhook create|list|delete|enable ...  manage webhook endpoints""";

    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(new TokenCommand(System.out, System.err)
                    .run(System.getenv(), Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("webhook")) {
            System.exit(new WebhookCommand(System.out, System.err)
                    .run(System.getenv(), Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("import")) {
            ImportCommand command = new ImportCommand(System.out, System.err, System.console() != null);
            GracefulStop.install("the article in hand is finished, then the summary printed", command::stop);
            System.exit(command.run(System.getenv(), List.of(args).subList(1, args.length)));
        }
        if (args.length > 0 && args[0].equals("export")) {
            System.exit(new ExportCommand(System.err)
                    .run(System.getenv(), List.of(args).subList(1, args.length)));
        }
        if (args.length == 1 && List.of("--help", "-h", "help").contains(args[0])) {
            System.out.println(USAGE);
            System.exit(0);
        }
        // A word Loa does not know must not start a second server on the same database.
        if (!(args.length == 0 || args.length == 2 && args[0].equals("--config"))) {
            System.err.println("loa: unknown command or flag \"" + args[0] + "\"\n" + USAGE);
            System.exit(2);
        }
        try {
            Configuration configuration = Configuration.load(System.getenv(), args);
            Settings settings = configuration.settings();
            Server server = Server.start(configuration, Clock.systemUTC(), HostLookup.SYSTEM);
            GracefulStop.install("requests in flight finish, new ones are answered 503", signal -> server.close());
            LOG.info(
                    "Loa serves {} on port {} from the database {}: try {}/feeds/all.rss",
                    server.site().title(),
                    server.port(),
                    Database.describe(settings.dbUrl()),
                    server.site().baseUrl());
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("Loa cannot start: " + e.getMessage());
            System.exit(2);
        } catch (DatabaseUnavailable | PortUnavailable e) {
            System.err.println("Loa cannot start: " + e.getMessage());
            System.exit(1);
        }
    }
}
