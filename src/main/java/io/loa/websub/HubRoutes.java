package io.loa.websub;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.loa.config.WebSubConfig;
import io.loa.db.schema.tables.records.WebsubRequestRecord;
import io.loa.db.schema.tables.records.WebsubSubscriptionRecord;
import io.loa.fault.Forbidden;
import io.loa.fault.Malformed;
import io.loa.feed.FeedTopics;
import io.loa.http.BoundedBody;
import io.loa.http.GetAndHead;
import io.loa.http.JsonResponse;
import io.loa.http.ProblemException;
import io.loa.token.BearerAuth;
import io.loa.token.Editor;
import io.loa.token.TokenStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The hub's HTTP face.
 * <pre>
 * POST /websub                      subscribe or unsubscribe (application/x-www-form-urlencoded, WebSub 5.1)
 * GET  /websub                      how to, for whoever follows a feed's hub link
 * GET  /api/websub/subscriptions    for operators: subscriptions per topic and each one's delivery state
 * </pre>
 */
public final class HubRoutes {

    static final int MAX_FORM_BYTES = 8 * 1024;
    static final int MAX_SECRET_BYTES = 199;
    static final int VIEW_LIMIT = 1_000;

    private final Hub hub;
    private final Admission admission;
    private final FeedTopics topics;
    private final BearerAuth auth;
    private final JsonResponse json;

    public HubRoutes(Hub hub, FeedTopics topics, TokenStore tokens, JsonResponse json) {
        this.hub = hub;
        this.admission = new Admission(hub.requests(), hub.subscriptions(), hub.config());
        this.topics = topics;
        this.auth = new BearerAuth(tokens);
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.post("/websub", this::request);
        GetAndHead.route(routes, "/websub", this::about);
        GetAndHead.route(routes, "/api/websub/subscriptions", this::view);
    }

    private void request(Context ctx) {
        Map<String, String> form = form(ctx);
        String mode = required(form, "hub.mode");
        if (mode.equals(Modes.PUBLISH)) {
            throw new Malformed("This hub publishes Loa's own feeds as they change; hub.mode=publish "
                    + "is not needed. Subscribe with hub.mode=subscribe.");
        }
        if (!mode.equals(Modes.SUBSCRIBE) && !mode.equals(Modes.UNSUBSCRIBE)) {
            throw new Malformed("hub.mode must be subscribe or unsubscribe, not \"" + mode + "\".");
        }
        WebSubConfig config = hub.config();
        String topic = required(form, "hub.topic");
        if (topic.length() > RequestStore.MAX_TOPIC_LENGTH) {
            throw new Malformed("hub.topic is longer than " + RequestStore.MAX_TOPIC_LENGTH
                    + " characters; no feed of this site has such an address.");
        }
        String callback = Callbacks.check(required(form, "hub.callback"), config.allowPrivateCallbacks());
        String path = topics.pathOnSite(topic).orElse("");
        boolean known = topics.exists(path);
        if (!known && !path.startsWith("/feeds/")) {
            throw new Malformed("hub.topic must be one of this site's feeds, such as " + topics.url("/feeds/all.atom")
                    + "; " + topics.url("/feeds.opml") + " lists them all.");
        }
        boolean subscribing = known && mode.equals(Modes.SUBSCRIBE);
        String secret = subscribing ? secret(form) : null;
        Integer lease = subscribing ? lease(form, config) : null;
        String host = Callbacks.host(callback);
        String client = ctx.ip();
        admission.checkWaiting(client, host);
        if (subscribing) {
            admission.checkRoomToSubscribe(host, path, callback);
        }
        if (known) {
            hub.requests().request(mode, topic, callback, secret, lease, null, client);
        } else {
            // A feed address of this site that is not a feed: the subscriber hears it as a denial (WebSub 5.2).
            hub.requests()
                    .request(
                            Modes.DENIED,
                            topic,
                            callback,
                            null,
                            null,
                            "There is no such feed; " + topics.url("/feeds.opml") + " lists them all.",
                            client);
        }
        hub.wake();
        ctx.status(202)
                .contentType("text/plain; charset=utf-8")
                .result("Accepted: the hub will confirm with a GET to the callback.\n");
    }

    private void about(Context ctx) {
        ctx.contentType("text/plain; charset=utf-8")
                .header("Cache-Control", "public, max-age=86400")
                .result("""
                This is the WebSub hub (https://www.w3.org/TR/websub/) of every feed of this site.
                Subscribe with POST %s, Content-Type: application/x-www-form-urlencoded, fields
                hub.mode=subscribe, hub.topic=<a feed URL, such as %s>, hub.callback=<your URL>,
                and optionally hub.lease_seconds and hub.secret. %s lists every feed.
                """.formatted(topics.url("/websub"), topics.url("/feeds/all.atom"), topics.url("/feeds.opml")));
    }

    private static Map<String, String> form(Context ctx) {
        String type = ctx.header("Content-Type");
        String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/x-www-form-urlencoded")) {
            throw BoundedBody.refuse(
                    ctx,
                    new ProblemException(
                            415,
                            "Send the request as "
                                    + "application/x-www-form-urlencoded, not "
                                    + (type == null ? "a body without Content-Type" : "\"" + type + "\"") + "."));
        }
        String body = new String(BoundedBody.read(ctx, MAX_FORM_BYTES), StandardCharsets.UTF_8);
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new Malformed("The form is not well-formed: " + e.getMessage());
            }
            if (name.startsWith("hub.") && fields.put(name, value) != null) {
                throw new Malformed(name + " is given more than once.");
            }
        }
        return fields;
    }

    private static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isBlank()) {
            throw new Malformed(name + " is missing.");
        }
        return value.strip();
    }

    private static String secret(Map<String, String> form) {
        String secret = form.get("hub.secret");
        if (secret == null || secret.isEmpty()) {
            return null;
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length > MAX_SECRET_BYTES) {
            throw new Malformed("hub.secret must be less than 200 bytes long.");
        }
        return secret;
    }

    /** The lease asked for, kept within the configured bounds; the configured default when none is asked for. */
    private static int lease(Map<String, String> form, WebSubConfig config) {
        String asked = form.get("hub.lease_seconds");
        if (asked == null || asked.isBlank()) {
            return config.defaultLeaseSeconds();
        }
        long seconds;
        try {
            seconds = Long.parseLong(asked.strip());
        } catch (NumberFormatException e) {
            throw new Malformed("hub.lease_seconds must be a whole number of seconds, not \"" + asked + "\".");
        }
        if (seconds < 0) {
            throw new Malformed("hub.lease_seconds must not be negative.");
        }
        return (int) Math.max(config.minLeaseSeconds(), Math.min(config.maxLeaseSeconds(), seconds));
    }

    // The operators' view

    record View(
            List<TopicView> topics,
            List<SubscriptionView> subscriptions,
            List<SubscriptionView> publishPings,
            List<RequestView> requests) {}

    record TopicView(String topic, int subscribers, int deliveriesDue) {}

    record SubscriptionView(
            String topic,
            String callback,
            String state,
            boolean signed,
            Integer leaseSeconds,
            String expiresAt,
            String createdAt,
            boolean deliveryDue,
            int attempts,
            String nextAttemptAt,
            String lastAttemptAt,
            Integer lastStatus,
            String lastError,
            String lastDeliveredAt) {}

    record RequestView(
            String mode,
            String topic,
            String callback,
            String state,
            String requestedAt,
            int attempts,
            String nextAttemptAt,
            Integer lastStatus,
            String lastError) {}

    private void view(Context ctx) {
        Editor editor = auth.require(ctx.header("Authorization"));
        if (!editor.sections().isEmpty()) {
            throw new Forbidden(
                    "The subscription view is for operators: use a token that is not " + "limited to sections.");
        }
        SubscriptionStore store = hub.subscriptions();
        Map<String, SubscriptionStore.TopicCount> counts = store.countsByTopic();
        // The topics the config lists, then the authors' and tags' feeds that have subscribers.
        List<TopicView> perTopic = Stream.concat(
                        topics.paths().stream(),
                        counts.keySet().stream()
                                .filter(path -> !topics.paths().contains(path))
                                .sorted())
                .map(path -> {
                    SubscriptionStore.TopicCount count =
                            counts.getOrDefault(path, new SubscriptionStore.TopicCount(0, 0));
                    return new TopicView(topics.url(path), count.subscribers(), count.due());
                })
                .toList();
        OffsetDateTime now = store.now().atOffset(ZoneOffset.UTC);
        List<WebsubSubscriptionRecord> all = store.subscriptions(VIEW_LIMIT);
        json.send(
                ctx,
                200,
                new View(
                        perTopic,
                        all.stream()
                                .filter(s -> s.getDelivery().equals(SubscriptionStore.CONTENT))
                                .map(s -> subscription(s, now))
                                .toList(),
                        all.stream()
                                .filter(s -> s.getDelivery().equals(SubscriptionStore.PUBLISH))
                                .map(s -> subscription(s, now))
                                .toList(),
                        hub.requests().list(VIEW_LIMIT).stream()
                                .map(HubRoutes::request)
                                .toList()));
    }

    private SubscriptionView subscription(WebsubSubscriptionRecord s, OffsetDateTime now) {
        boolean expired = s.getExpiresAt() != null && !s.getExpiresAt().isAfter(now);
        String state = expired ? "expired" : s.getAttempts() > 0 ? "retrying" : "active";
        return new SubscriptionView(
                topics.url(s.getTopic()),
                s.getCallback(),
                state,
                s.getSecret() != null,
                s.getLeaseSeconds(),
                time(s.getExpiresAt()),
                time(s.getCreatedAt()),
                s.getNextAttemptAt() != null,
                s.getAttempts(),
                time(s.getNextAttemptAt()),
                time(s.getLastAttemptAt()),
                s.getLastStatus(),
                s.getLastError(),
                time(s.getLastDeliveredAt()));
    }

    private static RequestView request(WebsubRequestRecord r) {
        String state = r.getNextAttemptAt() != null ? "waiting" : "failed";
        return new RequestView(
                r.getMode(),
                r.getTopic(),
                r.getCallback(),
                state,
                time(r.getRequestedAt()),
                r.getAttempts(),
                time(r.getNextAttemptAt()),
                r.getLastStatus(),
                r.getLastError());
    }

    private static String time(OffsetDateTime at) {
        return at == null ? null : at.toInstant().toString();
    }
}
