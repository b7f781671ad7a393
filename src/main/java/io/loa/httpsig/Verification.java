package io.loa.httpsig;

/**
 * What {@link SignatureVerifier#verify} found: the request was signed by {@code keyId}, whose owner is
 * {@code actor}; or it is refused, with a reason from a closed set and a line for the log.
 */
public sealed interface Verification {

    /**
     * Signed by {@code keyId}.
     *
     * @param actor the key's owner (the ActivityPub actor id), which the caller compares with the activity's
     */
    record Verified(String keyId, String actor) implements Verification {}

    /**
     * Not accepted.
     *
     * @param detail what exactly, for a log line: never shown as it is to the sender
     */
    record Refused(Refusal reason, String detail) implements Verification {}
}
