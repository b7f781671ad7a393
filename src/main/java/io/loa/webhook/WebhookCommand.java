package io.loa.webhook;

import io.loa.cli.Arguments;
import io.loa.cli.Commands;
import io.loa.cli.Subcommands;
import io.loa.cli.Subcommands.Subcommand;
import io.loa.cli.UsageException;
import io.loa.config.Settings;
import io.loa.config.Site;
import io.loa.db.Database;
import io.loa.fault.Forbidden;
import io.loa.fault.Invalid;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * {@code loa webhook create --url URL --events article.published,… [--sections a,b]} (prints the endpoint's id and
 * its {@code whsec_…} secret, once), {@code webhook list}, {@code webhook delete ID}, {@code webhook enable ID} (sends
 * to an endpoint disabled for failing again): webhook endpoints from the command line, on the same database
 * settings as the server, while it runs. A command line it does not fully understand is refused with status 2
 * before the database is opened.
 */
public final class WebhookCommand {

    private final PrintStream out;
    private final PrintStream err;
    private final Subcommands subcommands = new Subcommands(
            "webhook",
            List.of(
                    new Subcommand(
                            "create",
                            "--url URL --events TYPE,TYPE [--sections a,b] [--config DIR]",
                            Set.of("--url", "--events", "--sections", "--config"),
                            List.of(),
                            this::create),
                    new Subcommand("list", "[--config DIR]", Set.of("--config"), List.of(), this::list),
                    new Subcommand("delete", "ID [--config DIR]", Set.of("--config"), List.of("ID"), this::delete),
                    new Subcommand("enable", "ID [--config DIR]", Set.of("--config"), List.of("ID"), this::enable)));

    public WebhookCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the subcommand and returns the process exit code: 0 done, 1 refused or failed, 2 usage. */
    public int run(Map<String, String> env, String... args) {
        return subcommands.run(env, err, args);
    }

    private int create(Arguments args, Site site, Settings settings) {
        EndpointRequest request;
        try {
            request = EndpointRequest.of(
                    args.flag("--url").orElseThrow(() -> new UsageException("--url is missing")),
                    list(args.flag("--events").orElseThrow(() -> new UsageException("--events is missing"))),
                    args.flag("--sections").map(WebhookCommand::list).orElse(List.of()),
                    site);
        } catch (Invalid e) {
            throw new UsageException(
                    "--" + e.errors().get(0).field() + " " + e.errors().get(0).detail());
        }
        return withEndpoints(settings, endpoints -> {
            try {
                EndpointStore.Created created = endpoints.create(request);
                out.println(created.endpoint().id() + " " + created.secret());
                err.println("Webhook " + created.endpoint().id() + " sends " + types(created.endpoint()) + " to "
                        + request.url() + ". Its secret (the second word) is shown this once; keep it secret.");
                return 0;
            } catch (Forbidden e) {
                err.println("loa webhook create: " + e.getMessage());
                return 1;
            }
        });
    }

    private static List<String> list(String commas) {
        return Arrays.stream(commas.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static String types(Endpoint endpoint) {
        return endpoint.events().stream().sorted().map(EventType::type).collect(Collectors.joining(","));
    }

    private int list(Arguments args, Site site, Settings settings) {
        return withEndpoints(settings, endpoints -> {
            for (Endpoint e : endpoints.list()) {
                out.printf(
                        "%-27s %-9s %s  events: %s  sections: %s%n",
                        e.id(),
                        e.disabled() != null ? "disabled" : e.failingSince() != null ? "failing" : "active",
                        e.url(),
                        types(e),
                        e.sections().isEmpty() ? "all" : String.join(",", e.sections()));
            }
            return 0;
        });
    }

    private int delete(Arguments args, Site site, Settings settings) {
        String id = args.word(0);
        return withEndpoints(settings, endpoints -> {
            if (!endpoints.delete(id)) {
                err.println("loa webhook delete: no webhook endpoint \"" + id + "\"");
                return 1;
            }
            err.println("Webhook " + id + " deleted, with the messages waiting for it.");
            return 0;
        });
    }

    private int enable(Arguments args, Site site, Settings settings) {
        String id = args.word(0);
        return withEndpoints(settings, endpoints -> {
            if (!endpoints.enable(id)) {
                err.println("loa webhook enable: no webhook endpoint \"" + id + "\"");
                return 1;
            }
            err.println("Webhook " + id + " is enabled: what waits for it is sent now.");
            return 0;
        });
    }

    private int withEndpoints(Settings settings, ToIntFunction<EndpointStore> work) {
        try (Database db = Commands.open(settings, err)) {
            return work.applyAsInt(new EndpointStore(db.dsl(), Clock.systemUTC()));
        }
    }
}
