package io.loa.httpsig;

/**
 * Why a signed request was not accepted: a closed set, so it can label a metric. The order is the order of the
 * checks: everything up to {@link #DIGEST_MISMATCH} is decided from the request alone, before any key is fetched.
 */
public enum Refusal {
    /** Neither {@code Signature} nor {@code Signature-Input} with {@code Signature}. */
    UNSIGNED,
    /** A signature header longer than {@link SignatureVerifier#MAX_HEADER_CHARS}. */
    TOO_LARGE,
    /** A signature header that does not parse: syntax, an unknown or repeated parameter, bad base64. */
    MALFORMED,
    /** A signature algorithm other than the RSA ones accepted. */
    UNSUPPORTED_ALGORITHM,
    /** The signature does not cover what it must: the request target, the host, the date, the body's digest. */
    UNCOVERED,
    /** The signature covers a header the request does not have. */
    MISSING_HEADER,
    /** The request's date (or the signature's {@code created}) is outside the accepted window, or expired. */
    STALE,
    /** A body without a digest. */
    DIGEST_MISSING,
    /** A digest in no algorithm accepted (SHA-256, SHA-512). */
    DIGEST_UNSUPPORTED,
    /** A digest that is not the body's. */
    DIGEST_MISMATCH,
    /** The signer's key could not be had: refused address, no answer, time-out, error status, too large. */
    KEY_UNAVAILABLE,
    /** The signer's key document was had but names no usable key: wrong id or owner, not RSA, too short. */
    KEY_INVALID,
    /** The signature is not the key's over this request. */
    BAD_SIGNATURE
}
