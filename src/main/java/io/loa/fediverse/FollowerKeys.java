package io.loa.fediverse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.loa.httpsig.ActorKey;
import io.loa.httpsig.KeySource;
import io.loa.httpsig.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The keys of the actors that POST to the inboxes, read from their documents ({@link RemoteActors#key}) and kept
 * {@link #KEEP}, {@link #MAX_KEYS} at most. A key that fails a signature is read again, once in {@link #REFETCH}
 * at most (the actor may have made a new one): a stranger's bad signatures cannot make Loa fetch on every request.
 */
final class FollowerKeys implements KeySource {

    static final Duration KEEP = Duration.ofHours(1);
    static final Duration REFETCH = Duration.ofMinutes(5);
    static final int MAX_KEYS = 10_000;

    private record Kept(ActorKey key, Instant fetched) {}

    private final RemoteActors remote;
    private final Clock clock;
    private final Cache<String, Kept> keys =
            Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterWrite(KEEP).build();

    FollowerKeys(RemoteActors remote, Clock clock) {
        this.remote = remote;
        this.clock = clock;
    }

    @Override
    public ActorKey key(String keyId) throws KeyUnavailable {
        Kept kept = keys.getIfPresent(keyId);
        if (kept != null) {
            return kept.key();
        }
        return fetch(keyId).orElseThrow(() -> new KeyUnavailable(Refusal.KEY_UNAVAILABLE, "no key at " + keyId));
    }

    @Override
    public Optional<ActorKey> refetched(String keyId) {
        Kept kept = keys.getIfPresent(keyId);
        if (kept != null && kept.fetched().plus(REFETCH).isAfter(clock.instant())) {
            return Optional.empty();
        }
        return fetch(keyId);
    }

    private Optional<ActorKey> fetch(String keyId) {
        Optional<ActorKey> key = remote.key(keyId);
        key.ifPresent(found -> keys.put(keyId, new Kept(found, clock.instant())));
        return key;
    }
}
