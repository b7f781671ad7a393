package io.loa.fediverse;

import static io.loa.db.schema.Tables.DISPATCH_REQUEST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.loa.TestClock;
import io.loa.TestDatabase;
import io.loa.TestSite;
import io.loa.background.Timers;
import io.loa.config.RetrySchedule;
import io.loa.db.Database;
import io.loa.dispatch.Dispatch;
import io.loa.net.HostLookup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The inbox's rules for activities whose signature verified: a Follow of an account is kept with the inboxes the
 * follower's actor document gives and answered with an Accept queued to its inbox, again on a repeat without a
 * second follower; an Undo drops it, a Delete of the follower's own account drops all it followed; a Follow of no
 * account, of an unreadable actor, or signed by another actor is refused; anything else is ignored.
 */
class InboxTest {

    static final String OURS = "https://feeds.example/ap/sections/thoi-su";
    static final ObjectMapper JSON = new ObjectMapper();

    final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    String url;
    Database db;
    Followers followers;
    HttpServer mastodon;
    RemoteActors remote;
    Dispatch dispatch;
    Inbox inbox;
    String alice;

    @BeforeEach
    void open() throws IOException {
        url = TestDatabase.fresh();
        db = Database.open(url, TestDatabase.user(), "");
        followers = new Followers(db.dsl(), clock);
        mastodon = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        String base = "http://127.0.0.1:" + mastodon.getAddress().getPort();
        alice = base + "/users/alice";
        mastodon.createContext("/users/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                byte[] body = path.equals("/users/alice")
                        ? ("{\"id\": \"" + alice + "\", \"type\": \"Person\", \"inbox\": \"" + alice
                                        + "/inbox\", \"endpoints\": {\"sharedInbox\": \"" + base + "/inbox\"}}")
                                .getBytes(StandardCharsets.UTF_8)
                        : new byte[0];
                exchange.getResponseHeaders().add("Content-Type", "application/activity+json");
                exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            }
        });
        mastodon.start();
        remote = new RemoteActors(uri -> Map.of(), true, "Loa (test)", HostLookup.SYSTEM);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        dispatch = new Dispatch(
                db.dsl(),
                TestSite.project().site(),
                RetrySchedule.STANDARD,
                registry,
                HostLookup.SYSTEM,
                new Timers(registry));
        inbox = new Inbox(
                db.dsl(),
                followers,
                remote,
                dispatch,
                id -> id.equals(OURS) ? Optional.of("section:thoi-su") : Optional.empty());
    }

    @AfterEach
    void close() {
        dispatch.close();
        remote.close();
        mastodon.stop(0);
        db.close();
        TestDatabase.drop(url);
    }

    @Test
    void aFollowIsKeptWithTheFollowersInboxesAndAnsweredWithAnAccept() throws IOException {
        assertThat(inbox.receive(follow(alice, OURS), alice)).isEqualTo(InboxOutcome.FOLLOWED);
        assertThat(followers.count("section:thoi-su")).isEqualTo(1);
        assertThat(followers.deliveryInboxes(List.of("section:thoi-su")))
                .containsExactly(alice.replace("/users/alice", "/inbox"));

        List<Record> queued = db.dsl().selectFrom(DISPATCH_REQUEST).fetch().map(r -> (Record) r);
        assertThat(queued).hasSize(1);
        Record accept = queued.get(0);
        assertThat(accept.get(DISPATCH_REQUEST.CHANNEL)).isEqualTo("FEDIVERSE");
        assertThat(accept.get(DISPATCH_REQUEST.METHOD)).isEqualTo("POST");
        assertThat(accept.get(DISPATCH_REQUEST.URL)).isEqualTo(alice + "/inbox");
        assertThat(accept.get(DISPATCH_REQUEST.HEADERS)).contains("Content-Type: application/activity+json");
        JsonNode body = JSON.readTree(accept.get(DISPATCH_REQUEST.BODY));
        assertThat(body.get("type").asText()).isEqualTo("Accept");
        assertThat(body.get("actor").asText()).isEqualTo(OURS);
        assertThat(body.at("/object/id").asText()).isEqualTo(alice + "#follow-1");
        assertThat(body.at("/object/type").asText()).isEqualTo("Follow");
        assertThat(body.at("/object/actor").asText()).isEqualTo(alice);
        assertThat(body.at("/object/object").asText()).isEqualTo(OURS);

        assertThat(inbox.receive(follow(alice, OURS), alice)).as("a repeat").isEqualTo(InboxOutcome.FOLLOWED);
        assertThat(followers.count("section:thoi-su")).isEqualTo(1);
        assertThat(db.dsl().fetchCount(DISPATCH_REQUEST)).as("accepted again").isEqualTo(2);
    }

    @Test
    void anUndoOfTheFollowDropsItAndARepeatChangesNothing() throws IOException {
        inbox.receive(follow(alice, OURS), alice);
        JsonNode undo = JSON.readTree("{\"type\": \"Undo\", \"id\": \"" + alice + "#undo-1\", \"actor\": \"" + alice
                + "\", \"object\": " + follow(alice, OURS) + "}");
        assertThat(inbox.receive(undo, alice)).isEqualTo(InboxOutcome.UNFOLLOWED);
        assertThat(followers.count("section:thoi-su")).isZero();
        assertThat(inbox.receive(undo, alice)).isEqualTo(InboxOutcome.UNFOLLOWED);
        assertThat(followers.count("section:thoi-su")).isZero();
    }

    @Test
    void theDeleteOfAFollowersAccountDropsEverythingItFollowedAndADeleteOfAnythingElseIsIgnored() throws IOException {
        inbox.receive(follow(alice, OURS), alice);
        JsonNode note = JSON.readTree("{\"type\": \"Delete\", \"actor\": \"" + alice + "\", \"object\": {\"id\": \""
                + alice + "/statuses/1\", \"type\": \"Tombstone\"}}");
        assertThat(inbox.receive(note, alice)).isEqualTo(InboxOutcome.IGNORED);
        assertThat(followers.count("section:thoi-su")).isEqualTo(1);
        JsonNode gone =
                JSON.readTree("{\"type\": \"Delete\", \"actor\": \"" + alice + "\", \"object\": \"" + alice + "\"}");
        assertThat(inbox.receive(gone, alice)).isEqualTo(InboxOutcome.ACTOR_DELETED);
        assertThat(followers.count("section:thoi-su")).isZero();
    }

    @Test
    void followsOfNoAccountOfAnUnreadableActorOrSignedByAnotherAreRefusedAndKeepNothing() throws IOException {
        assertThat(inbox.receive(follow(alice, "https://feeds.example/ap/sections/khong-co"), alice))
                .isEqualTo(InboxOutcome.UNKNOWN_ACTOR);
        String bob = alice.replace("alice", "bob");
        assertThat(inbox.receive(follow(bob, OURS), bob)).isEqualTo(InboxOutcome.FOLLOWER_UNREADABLE);
        assertThat(inbox.receive(follow(alice, OURS), bob)).isEqualTo(InboxOutcome.NOT_THE_ACTOR);
        assertThat(inbox.receive(JSON.readTree("{\"type\": \"Like\", \"actor\": \"" + alice + "\"}"), alice))
                .isEqualTo(InboxOutcome.IGNORED);
        assertThat(followers.countsByActor()).isEmpty();
        assertThat(db.dsl().fetchCount(DISPATCH_REQUEST)).isZero();
    }

    private static JsonNode follow(String actor, String object) throws IOException {
        return JSON.readTree("{\"@context\": \"https://www.w3.org/ns/activitystreams\", \"id\": \"" + actor
                + "#follow-1\", \"type\": \"Follow\", \"actor\": \"" + actor + "\", \"object\": \"" + object + "\"}");
    }
}
