package io.loa.fediverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.loa.config.Site;
import io.loa.http.BoundedBody;
import io.loa.http.ProblemException;
import io.loa.httpsig.Refusal;
import io.loa.httpsig.SignatureVerifier;
import io.loa.httpsig.Verification;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inboxes: the shared one and each account's. A POST is an ActivityStreams activity
 * ({@code application/activity+json} or {@code application/ld+json}), at most {@link #MAX_BODY_BYTES}, with an
 * HTTP signature (draft-cavage, or RFC 9421) by the activity's own actor; what it asks is done by {@link Inbox}.
 * 202 when taken; 401 unsigned or badly signed, 404 for an account the site does not have, 413, 415, 400.
 * <pre>
 * POST /ap/inbox
 * POST /ap/sections/thoi-su/inbox
 * Content-Type: application/activity+json
 * Signature: keyId="https://mastodon.example/users/alice#main-key",headers="(request-target) host date digest",…
 * </pre>
 */
public final class InboxRoutes {

    static final int MAX_BODY_BYTES = 256 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(InboxRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Site site;
    private final Actors actors;
    private final Inbox inbox;
    private final SignatureVerifier verifier;
    private final InboxCounts counts;

    public InboxRoutes(Site site, Actors actors, Inbox inbox, SignatureVerifier verifier, InboxCounts counts) {
        this.site = site;
        this.actors = actors;
        this.inbox = inbox;
        this.verifier = verifier;
        this.counts = counts;
    }

    public void register(RoutesConfig routes) {
        routes.post("/ap/inbox", this::receive);
        for (String account : List.of("/ap/site", "/ap/sections/{slug}", "/ap/authors/{slug}")) {
            routes.post(account + "/inbox", this::receive);
        }
    }

    private void receive(Context ctx) {
        String path = ctx.path();
        if (!path.equals("/ap/inbox")
                && actors.byUrl(site.url(path.substring(0, path.length() - "/inbox".length())))
                        .isEmpty()) {
            throw refuse(ctx, InboxOutcome.UNKNOWN_ACTOR, "The site has no such account.");
        }
        String type = ctx.contentType() == null
                ? ""
                : ctx.contentType().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals(Inbox.ACTIVITY_JSON) && !type.equals("application/ld+json")) {
            throw refuse(ctx, InboxOutcome.NOT_ACTIVITY_JSON, "An inbox takes application/activity+json.");
        }
        byte[] body;
        try {
            body = BoundedBody.read(ctx, MAX_BODY_BYTES);
        } catch (ProblemException e) {
            counts.count(e.status() == 413 ? InboxOutcome.TOO_LARGE : InboxOutcome.MALFORMED);
            throw e;
        }
        String target = ctx.queryString() == null ? path : path + "?" + ctx.queryString();
        Verification verification = verifier.verify(ctx.method().name(), target, headers(ctx), body);
        if (verification instanceof Verification.Refused refused
                && refused.reason() == Refusal.KEY_UNAVAILABLE
                && activity(body).flatMap(inbox::deleteOfAGoneAccount).isPresent()) {
            counts.count(InboxOutcome.ACTOR_DELETED);
            ctx.status(202);
            return;
        }
        if (verification instanceof Verification.Refused refused) {
            LOG.debug("An inbox POST was refused: {} ({})", refused.reason(), refused.detail());
            InboxOutcome outcome =
                    refused.reason() == Refusal.UNSIGNED ? InboxOutcome.UNSIGNED : InboxOutcome.BAD_SIGNATURE;
            counts.count(outcome);
            ctx.header("WWW-Authenticate", "Signature realm=\"loa\", headers=\"(request-target) host date digest\"");
            throw new ProblemException(401, unsigned(refused.reason()));
        }
        JsonNode activity;
        try {
            activity = JSON.readTree(body);
        } catch (IOException e) {
            counts.count(InboxOutcome.MALFORMED);
            throw new ProblemException(400, "The body is not JSON.");
        }
        if (!activity.isObject()) {
            counts.count(InboxOutcome.MALFORMED);
            throw new ProblemException(400, "The body is not an activity.");
        }
        InboxOutcome outcome = inbox.receive(activity, ((Verification.Verified) verification).actor());
        counts.count(outcome);
        if (outcome.status() != 202) {
            throw new ProblemException(outcome.status(), detail(outcome));
        }
        ctx.status(202);
    }

    /** The body as a JSON object, if it is one. */
    private static Optional<JsonNode> activity(byte[] body) {
        try {
            return Optional.of(JSON.readTree(body)).filter(JsonNode::isObject);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private ProblemException refuse(Context ctx, InboxOutcome outcome, String detail) {
        counts.count(outcome);
        return BoundedBody.refuse(ctx, new ProblemException(outcome.status(), detail));
    }

    private static Map<String, List<String>> headers(Context ctx) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            headers.put(name, Collections.list(ctx.req().getHeaders(name)));
        }
        return headers;
    }

    private static String unsigned(Refusal reason) {
        return reason == Refusal.UNSIGNED
                ? "An inbox takes signed activities only (HTTP Signatures, with a Digest of the body)."
                : "The signature does not verify ("
                        + reason.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ").";
    }

    private static String detail(InboxOutcome outcome) {
        return switch (outcome) {
            case NOT_THE_ACTOR -> "The activity is signed by another actor than its own.";
            case UNKNOWN_ACTOR -> "The site has no such account.";
            case FOLLOWER_UNREADABLE -> "The follower's actor document could not be read.";
            default -> "The activity is not one an inbox takes.";
        };
    }
}
