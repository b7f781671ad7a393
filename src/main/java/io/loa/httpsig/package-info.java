/**
 * HTTP Signatures for ActivityPub, free of everything else of Loa but its one outbound client: signing Loa's
 * requests, verifying those it receives, fetching and caching the senders' keys.
 *
 * <ul>
 *   <li>{@link io.loa.httpsig.HttpSigner}: signs a request with an actor's key, draft-cavage-http-signatures-12
 *       {@code rsa-sha256} with {@code Digest: SHA-256=} as Mastodon sends and requires
 *       ({@code sign(method, url, body)}, or {@code signedHeaders} for a request of the dispatch queue), or
 *       RFC 9421 with RFC 9530 {@code Content-Digest} ({@code signRfc9421}).
 *   <li>{@link io.loa.httpsig.SignatureVerifier}: {@code verify(method, pathAndQuery, headers, body)} gives the
 *       signer's key id and actor ({@link io.loa.httpsig.Verification.Verified}) or a
 *       {@link io.loa.httpsig.Refusal}, a closed set fit for a metric label.
 *   <li>{@link io.loa.httpsig.RemoteKeys}: the {@link io.loa.httpsig.KeySource} that fetches a key id's document
 *       (with a signed GET, through the address guard, bounded in time, size, redirects and per-host load) and
 *       caches the key, failures too, for a while.
 * </ul>
 *
 * <p>An inbox, in short:
 *
 * <pre>
 * RemoteKeys keys = new RemoteKeys(siteSigner, allowPrivate, userAgent, HostLookup.SYSTEM);
 * SignatureVerifier verifier = new SignatureVerifier(keys, clock);
 * Verification v = verifier.verify("POST", "/ap/inbox", headers, body);
 * if (v instanceof Verification.Verified signed &amp;&amp; signed.actor().equals(activityActor)) { … }
 * </pre>
 *
 * <p>It is a package of its own rather than part of {@code io.loa.fediverse} so that the dispatch queue can sign
 * at send time without the fediverse and the queue depending on each other.
 */
package io.loa.httpsig;
