package io.loa.fediverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loa.config.Site;
import io.loa.dispatch.Credentials;
import io.loa.dispatch.OutboundRequest;
import io.loa.httpsig.HttpSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;

/**
 * Signs each fediverse delivery as it goes out (draft-cavage {@code rsa-sha256} over the request target, host,
 * date and digest, as Mastodon requires), with the key of the account the activity is from: its {@code actor},
 * whose key Mastodon checks against the signature's. Dated when sent, so a retry an hour later is not stale.
 */
final class ActivitySigner implements Credentials {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Site site;
    private final Actors actors;
    private final ActorKeys keys;
    private final Clock clock;

    ActivitySigner(Site site, Actors actors, ActorKeys keys, Clock clock) {
        this.site = site;
        this.actors = actors;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Map<String, String> headers(String destination, OutboundRequest request) {
        JsonNode activity;
        try {
            activity = JSON.readTree(request.body());
        } catch (IOException e) {
            throw new UncheckedIOException("A queued activity is not JSON", e);
        }
        String from = activity.path("actor").asText();
        Actor actor =
                actors.byUrl(from).orElseThrow(() -> new IllegalStateException("No account of the site is " + from));
        return signer(actor).signedHeaders(request.method(), request.url(), request.body());
    }

    /** A signer with {@code actor}'s key, as its profile publishes it ({@code …#main-key}). */
    HttpSigner signer(Actor actor) {
        return new HttpSigner(
                actor.id(site) + "#main-key", keys.keyPair(actor.key()).getPrivate(), clock);
    }
}
