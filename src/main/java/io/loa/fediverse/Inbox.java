package io.loa.fediverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.dispatch.Destination;
import io.loa.dispatch.Dispatch;
import io.loa.dispatch.DispatchChannel;
import io.loa.dispatch.OutboundRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * What the site's accounts do with an activity whose signature verified as its actor's: a {@code Follow} of one of
 * them is kept, with the follower's inboxes read from its actor document, and answered with an {@code Accept}
 * through the dispatch queue (signed as it goes out); an {@code Undo} of a Follow drops it; a {@code Delete} of the
 * actor itself drops all it followed. Anything else is taken and ignored. Each is the same done twice.
 * <pre>
 * {"type": "Follow", "id": "https://mastodon.example/1", "actor": "https://mastodon.example/users/alice",
 *  "object": "https://feeds.example/ap/sections/thoi-su"}
 * </pre>
 */
public final class Inbox {

    static final String ACTIVITY_JSON = "application/activity+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext dsl;
    private final Followers followers;
    private final RemoteActors remote;
    private final Dispatch dispatch;
    private final Function<String, Optional<String>> accountOf;

    /** @param accountOf the key of the site's account with that actor id ({@code section:thoi-su}), if any */
    public Inbox(
            DSLContext dsl,
            Followers followers,
            RemoteActors remote,
            Dispatch dispatch,
            Function<String, Optional<String>> accountOf) {
        this.dsl = dsl;
        this.followers = followers;
        this.remote = remote;
        this.dispatch = dispatch;
        this.accountOf = accountOf;
    }

    /** Acts on {@code activity}, whose signature is {@code signer}'s (an actor id). */
    public InboxOutcome receive(JsonNode activity, String signer) {
        String actor = id(activity.path("actor"));
        if (actor.isEmpty() || !actor.equals(signer)) {
            return InboxOutcome.NOT_THE_ACTOR;
        }
        JsonNode object = activity.path("object");
        return switch (activity.path("type").asText()) {
            case "Follow" -> follow(activity, actor);
            case "Undo" ->
                object.path("type").asText().equals("Follow")
                                && id(object.path("actor")).equals(actor)
                        ? unfollow(object, actor)
                        : InboxOutcome.IGNORED;
            case "Delete" -> id(object).equals(actor) ? deleted(actor) : InboxOutcome.IGNORED;
            default -> InboxOutcome.IGNORED;
        };
    }

    /**
     * A {@code Delete} of its own account whose signature could not be checked for want of the key: a deleted
     * account's server no longer serves it. Taken, and the account's follows dropped, when it follows here and its
     * server answers that it is gone; empty otherwise, and refused as any unverified request is.
     */
    public Optional<InboxOutcome> deleteOfAGoneAccount(JsonNode activity) {
        String actor = id(activity.path("actor"));
        boolean ownAccount = activity.path("type").asText().equals("Delete")
                && !actor.isEmpty()
                && id(activity.path("object")).equals(actor);
        if (ownAccount && followers.followsAny(actor) && remote.gone(actor)) {
            return Optional.of(deleted(actor));
        }
        return Optional.empty();
    }

    private InboxOutcome follow(JsonNode follow, String follower) {
        String followed = id(follow.path("object"));
        Optional<String> account = accountOf.apply(followed);
        if (account.isEmpty()) {
            return InboxOutcome.UNKNOWN_ACTOR;
        }
        Optional<String> followId = RemoteActors.web(follow.path("id").asText());
        if (followId.isEmpty()) {
            return InboxOutcome.MALFORMED;
        }
        Optional<RemoteActors.Inboxes> inboxes = remote.inboxes(follower);
        if (inboxes.isEmpty()) {
            return InboxOutcome.FOLLOWER_UNREADABLE;
        }
        String inbox = inboxes.get().inbox();
        ObjectNode accept = JSON.createObjectNode()
                .put("@context", "https://www.w3.org/ns/activitystreams")
                .put("id", followed + "#accept-" + digest(followId.get()))
                .put("type", "Accept")
                .put("actor", followed);
        accept.putObject("object")
                .put("id", followId.get())
                .put("type", "Follow")
                .put("actor", follower)
                .put("object", followed);
        dsl.transaction(tx -> {
            followers.add(
                    tx.dsl(),
                    account.get(),
                    new Follower(follower, inbox, inboxes.get().sharedInbox().orElse(null), followId.get()));
            dispatch.enqueue(
                    tx.dsl(),
                    DispatchChannel.FEDIVERSE,
                    destination(inbox),
                    activity(inbox, accept.toString()),
                    List.of());
        });
        return InboxOutcome.FOLLOWED;
    }

    private InboxOutcome unfollow(JsonNode follow, String follower) {
        Optional<String> account = accountOf.apply(id(follow.path("object")));
        if (account.isEmpty()) {
            return InboxOutcome.UNKNOWN_ACTOR;
        }
        dsl.transaction(tx -> followers.remove(tx.dsl(), account.get(), follower));
        return InboxOutcome.UNFOLLOWED;
    }

    private InboxOutcome deleted(String actor) {
        dsl.transaction(tx -> followers.removeEverywhere(tx.dsl(), actor));
        return InboxOutcome.ACTOR_DELETED;
    }

    /** Where the fediverse channel's requests to {@code inbox} queue: one at a time, in order (Create before Update). */
    static Destination destination(String inbox) {
        return new Destination("fediverse " + inbox, true, java.time.Duration.ZERO);
    }

    /** An activity POSTed to {@code inbox}; its signature is added as it goes out. */
    static OutboundRequest activity(String inbox, String body) {
        return new OutboundRequest("POST", inbox, Map.of("Content-Type", ACTIVITY_JSON), body);
    }

    /** The id a property gives: the string itself, or an embedded object's {@code id}. */
    static String id(JsonNode property) {
        return property.isTextual() ? property.asText() : property.path("id").asText();
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
