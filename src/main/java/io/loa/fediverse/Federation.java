package io.loa.fediverse;

import io.loa.config.Site;
import io.loa.dispatch.Dispatch;
import io.loa.dispatch.DispatchChannel;
import io.loa.httpsig.RemoteKeys;
import io.loa.httpsig.RequestSigner;
import io.loa.httpsig.SignatureVerifier;
import io.loa.net.HostLookup;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import org.jooq.DSLContext;

/**
 * The site's exchanges with other servers: its deliveries signed as they go out (through the dispatch queue's
 * fediverse channel), remote actors' documents and keys read with a signed GET, and the inboxes that take their
 * activities once their signatures verify.
 */
public final class Federation implements AutoCloseable {

    private final Site site;
    private final Fediverse fediverse;
    private final RemoteActors remote;
    private final RemoteKeys keys;
    private final Inbox inbox;
    private final SignatureVerifier verifier;
    private final InboxCounts counts;

    private Federation(
            Site site,
            Fediverse fediverse,
            RemoteActors remote,
            RemoteKeys keys,
            Inbox inbox,
            SignatureVerifier verifier,
            InboxCounts counts) {
        this.site = site;
        this.fediverse = fediverse;
        this.remote = remote;
        this.keys = keys;
        this.inbox = inbox;
        this.verifier = verifier;
        this.counts = counts;
    }

    /** Signs the fediverse channel's requests from now on; before the dispatch queue starts. */
    public static Federation start(
            Site site,
            DSLContext dsl,
            Fediverse fediverse,
            Dispatch dispatch,
            MeterRegistry registry,
            HostLookup names,
            Clock clock) {
        ActivitySigner signer = new ActivitySigner(site, fediverse.actors(), fediverse.keys(), clock);
        dispatch.credentials(DispatchChannel.FEDIVERSE, signer);
        RequestSigner asSite =
                (method, url, body) -> signer.signer(fediverse.actors().site()).sign(method, url, body);
        boolean allowPrivate = site.websub().allowPrivateCallbacks();
        String userAgent = "Loa (+" + site.url("/") + ")";
        RemoteActors remote = new RemoteActors(url -> asSite.sign("GET", url, null), allowPrivate, userAgent, names);
        RemoteKeys keys = new RemoteKeys(asSite, allowPrivate, userAgent, names);
        Inbox inbox = new Inbox(
                dsl,
                fediverse.followers(),
                remote,
                dispatch,
                url -> fediverse.actors().byUrl(url).map(Actor::key));
        SignatureVerifier verifier = new SignatureVerifier(
                keys,
                clock,
                SignatureVerifier.MAX_AGE,
                SignatureVerifier.MAX_AHEAD,
                URI.create(site.baseUrl()).getScheme());
        return new Federation(site, fediverse, remote, keys, inbox, verifier, new InboxCounts(registry));
    }

    /** The inboxes' routes. */
    public InboxRoutes routes() {
        return new InboxRoutes(site, fediverse.actors(), inbox, verifier, counts);
    }

    @Override
    public void close() {
        remote.close();
        keys.close();
    }
}
