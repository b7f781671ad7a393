package io.loa.httpsig;

import java.util.Optional;

/**
 * Where {@link SignatureVerifier} gets the key a signature names: {@link RemoteKeys} fetches and caches the
 * senders' keys; a test or a local actor can answer from a map.
 */
public interface KeySource {

    /**
     * The key {@code keyId} names, from a cache if the source has one.
     *
     * @throws KeyUnavailable with {@link Refusal#KEY_UNAVAILABLE} or {@link Refusal#KEY_INVALID}
     */
    ActorKey key(String keyId) throws KeyUnavailable;

    /**
     * The key fetched anew after a signature failed with the one {@link #key} gave (the sender may have rotated
     * it); empty when the source has nothing fresher to offer or refetched it too recently.
     */
    default Optional<ActorKey> refetched(String keyId) {
        return Optional.empty();
    }

    /** Why a key could not be had; {@link #reason} is {@link Refusal#KEY_UNAVAILABLE} or {@link Refusal#KEY_INVALID}. */
    final class KeyUnavailable extends Exception {
        private static final long serialVersionUID = 1L;
        private final Refusal reason;

        public KeyUnavailable(Refusal reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        public Refusal reason() {
            return reason;
        }
    }
}
