package io.loa.httpsig;

import io.loa.httpsig.KeySource.KeyUnavailable;
import io.loa.httpsig.StructuredFields.Member;
import io.loa.httpsig.Verification.Refused;
import io.loa.httpsig.Verification.Verified;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies the signature of a received request (an inbox POST, a signed GET) and says who signed it. Two forms:
 * RFC 9421 when the request has {@code Signature-Input} (and {@code Signature}), else draft-cavage-12's
 * {@code Signature} header, which Mastodon sends. Everything that can be judged from the request alone is
 * judged first, in the order of {@link Refusal}, so a malformed or stale request never costs a key fetch.
 *
 * <p>What a signature must cover, beyond being valid: draft-cavage: {@code (request-target)}, {@code host},
 * {@code date}, and {@code digest} when there is a body; RFC 9421: {@code @method}, the target
 * ({@code @target-uri}, or {@code @authority} with {@code @path} or {@code @request-target}), a {@code created}
 * parameter, and {@code content-digest} when there is a body. Digests are checked against the body (SHA-256 or
 * SHA-512; other algorithms refused).
 *
 * <p>Time: the request's {@code Date} (RFC 9421: {@code created}) may be at most {@link #MAX_AGE} old and at most
 * {@link #MAX_AHEAD} ahead of this clock; an {@code expires} in the past is refused. These are Mastodon's own
 * bounds (12 hours back, an hour of clock skew forward): a stricter window would refuse deliveries that Mastodon's
 * retry queue sends hours late but with the original signature.
 *
 * <pre>
 * Verification v = verifier.verify("POST", "/ap/inbox", headers, body);
 * if (v instanceof Verification.Verified ok) { … ok.actor() … }
 * </pre>
 */
public final class SignatureVerifier {

    /** The longest {@code Signature} or {@code Signature-Input} read: an RSA-4096 signature is 684 characters. */
    public static final int MAX_HEADER_CHARS = 8192;

    public static final Duration MAX_AGE = Duration.ofHours(12);
    public static final Duration MAX_AHEAD = Duration.ofHours(1);

    private final KeySource keys;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration maxAhead;
    private final String scheme;

    /** With Mastodon's window and {@code https} as the scheme requests arrive with (RFC 9421's @target-uri). */
    public SignatureVerifier(KeySource keys, Clock clock) {
        this(keys, clock, MAX_AGE, MAX_AHEAD, "https");
    }

    /** @param scheme the scheme the site is reached by, which @target-uri and @scheme carry */
    public SignatureVerifier(KeySource keys, Clock clock, Duration maxAge, Duration maxAhead, String scheme) {
        this.keys = keys;
        this.clock = clock;
        this.maxAge = maxAge;
        this.maxAhead = maxAhead;
        this.scheme = scheme;
    }

    /**
     * Who signed the request, or why it is refused.
     *
     * @param pathAndQuery the request target as received: path, and query with its "?"
     * @param headers every header of the request, names in any case, each with all its values
     * @param body the body's bytes as received (empty or null for none)
     */
    public Verification verify(
            String method, String pathAndQuery, Map<String, ? extends List<String>> headers, byte[] body) {
        IncomingRequest request = new IncomingRequest(method, pathAndQuery, headers, body);
        Optional<String> signature = request.header("signature");
        Optional<String> input = request.header("signature-input");
        if (signature.isEmpty()) {
            return refused(Refusal.UNSIGNED, "no Signature header");
        }
        if (signature.get().length() > MAX_HEADER_CHARS
                || input.map(i -> i.length() > MAX_HEADER_CHARS).orElse(false)) {
            return refused(Refusal.TOO_LARGE, "a signature header over " + MAX_HEADER_CHARS + " characters");
        }
        return input.isPresent()
                ? messageSignature(request, input.get(), signature.get())
                : cavage(request, signature.get());
    }

    private Verification cavage(IncomingRequest request, String header) {
        CavageSignature signature;
        try {
            signature = CavageSignature.parse(header);
        } catch (IllegalArgumentException e) {
            return refused(Refusal.MALFORMED, "Signature: " + e.getMessage());
        }
        String algorithm = signature.algorithm() == null ? "hs2019" : signature.algorithm();
        if (!algorithm.equals("rsa-sha256") && !algorithm.equals("hs2019")) {
            return refused(Refusal.UNSUPPORTED_ALGORITHM, "algorithm " + algorithm);
        }
        List<String> covered = signature.headers();
        for (String required : List.of("(request-target)", "host", "date")) {
            if (!covered.contains(required)) {
                return refused(Refusal.UNCOVERED, "the signature does not cover " + required);
            }
        }
        Optional<Verification> bodyUnsigned = bodyUncovered(request, covered, "digest");
        if (bodyUnsigned.isPresent()) {
            return bodyUnsigned.get();
        }
        String base;
        try {
            base = signature.signingString(request);
        } catch (IllegalStateException e) {
            return refused(Refusal.MISSING_HEADER, e.getMessage());
        }
        Instant date;
        try {
            date = ZonedDateTime.parse(request.header("date").orElseThrow(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return refused(Refusal.MALFORMED, "Date is not an HTTP date");
        }
        Optional<Refusal> late = window(date, Optional.ofNullable(signature.expires()));
        if (late.isPresent()) {
            return refused(late.get(), "dated " + date + ", now " + clock.instant());
        }
        Optional<String> digest = request.header("digest");
        if (digest.isPresent()) {
            Optional<Refusal> wrong = Digests.checkDigest(digest.get(), request.body);
            if (wrong.isPresent()) {
                return refused(wrong.get(), "Digest: " + digest.get());
            }
        }
        return checkKey(signature.keyId(), List.of(Algorithm.RSA_V1_5_SHA256), base, signature.signature());
    }

    private Verification messageSignature(IncomingRequest request, String input, String header) {
        MessageSignature signature;
        try {
            signature = MessageSignature.choose(input, header);
        } catch (IllegalArgumentException e) {
            return refused(Refusal.MALFORMED, "Signature-Input: " + e.getMessage());
        }
        List<Algorithm> algorithms;
        if (signature.alg().isPresent()) {
            Optional<Algorithm> named =
                    MessageSignature.algorithm(signature.alg().get());
            if (named.isEmpty()) {
                return refused(
                        Refusal.UNSUPPORTED_ALGORITHM, "alg " + signature.alg().get());
            }
            algorithms = List.of(named.get());
        } else {
            // Without alg the key decides (RFC 9421 section 3.2); an RSA key may have signed either way.
            algorithms = List.of(Algorithm.RSA_V1_5_SHA256, Algorithm.RSA_PSS_SHA512);
        }
        List<String> covered = signature.components();
        boolean target = covered.contains("@target-uri")
                || (covered.contains("@authority")
                        && (covered.contains("@path") || covered.contains("@request-target")));
        if (!covered.contains("@method") || !target) {
            return refused(Refusal.UNCOVERED, "the signature does not cover the method and target");
        }
        if (signature.created().isEmpty()) {
            return refused(Refusal.UNCOVERED, "the signature has no created parameter");
        }
        Optional<Verification> bodyUnsigned = bodyUncovered(request, covered, "content-digest");
        if (bodyUnsigned.isPresent()) {
            return bodyUnsigned.get();
        }
        String base;
        try {
            base = signature.base(request, scheme);
        } catch (IllegalStateException e) {
            return refused(Refusal.MISSING_HEADER, e.getMessage());
        }
        Instant created = Instant.ofEpochSecond(signature.created().get());
        Optional<Refusal> late = window(created, signature.expires());
        if (late.isPresent()) {
            return refused(late.get(), "created " + created + ", now " + clock.instant());
        }
        Optional<String> digest = request.header("content-digest");
        if (digest.isPresent()) {
            Optional<Refusal> wrong = checkContentDigest(digest.get(), request.body);
            if (wrong.isPresent()) {
                return refused(wrong.get(), "Content-Digest: " + digest.get());
            }
        }
        return checkKey(signature.keyId(), algorithms, base, signature.signature());
    }

    /** A refusal when there is a body and the signature does not cover its digest header, {@code name}. */
    private static Optional<Verification> bodyUncovered(IncomingRequest request, List<String> covered, String name) {
        if (!request.hasBody() || covered.contains(name)) {
            return Optional.empty();
        }
        return Optional.of(
                request.header(name).isEmpty()
                        ? refused(Refusal.DIGEST_MISSING, "a body without a " + name + " header")
                        : refused(Refusal.UNCOVERED, "the signature does not cover " + name));
    }

    private static Optional<Refusal> checkContentDigest(String header, byte[] body) {
        Map<String, byte[]> members = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Member> member :
                    StructuredFields.dictionary(header).entrySet()) {
                if (!(member.getValue().value() instanceof byte[] bytes)) {
                    return Optional.of(Refusal.MALFORMED);
                }
                members.put(member.getKey(), bytes);
            }
        } catch (StructuredFields.Malformed e) {
            return Optional.of(Refusal.MALFORMED);
        }
        return Digests.checkContentDigest(members, body);
    }

    private Optional<Refusal> window(Instant signed, Optional<Long> expires) {
        Instant now = clock.instant();
        if (signed.isBefore(now.minus(maxAge)) || signed.isAfter(now.plus(maxAhead))) {
            return Optional.of(Refusal.STALE);
        }
        if (expires.isPresent() && Instant.ofEpochSecond(expires.get()).isBefore(now)) {
            return Optional.of(Refusal.STALE);
        }
        return Optional.empty();
    }

    private Verification checkKey(String keyId, List<Algorithm> algorithms, String base, byte[] signature) {
        ActorKey key;
        try {
            key = keys.key(keyId);
        } catch (KeyUnavailable e) {
            return refused(e.reason(), e.getMessage());
        }
        byte[] data = Digests.utf8(base);
        if (verifies(key, algorithms, data, signature)) {
            return new Verified(keyId, key.owner());
        }
        Optional<ActorKey> fresh = keys.refetched(keyId);
        if (fresh.isPresent() && verifies(fresh.get(), algorithms, data, signature)) {
            return new Verified(keyId, fresh.get().owner());
        }
        return refused(Refusal.BAD_SIGNATURE, "not signed by " + keyId);
    }

    private static boolean verifies(ActorKey key, List<Algorithm> algorithms, byte[] data, byte[] signature) {
        return algorithms.stream().anyMatch(a -> a.verifies(key.publicKey(), data, signature));
    }

    private static Verification refused(Refusal reason, String detail) {
        return new Refused(reason, detail);
    }
}
