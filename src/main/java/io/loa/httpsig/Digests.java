package io.loa.httpsig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Body digests in both forms: {@code Digest: SHA-256=…} (RFC 3230, what draft-cavage signers send) and
 * {@code Content-Digest: sha-256=:…:} (RFC 9530). SHA-256 and SHA-512 are accepted; a header that names only other
 * algorithms is refused rather than ignored.
 */
final class Digests {

    private Digests() {}

    /** {@code SHA-256=base64} of {@code body}. */
    static String digestHeader(byte[] body) {
        return "SHA-256=" + Base64.getEncoder().encodeToString(sha("SHA-256", body));
    }

    /** {@code sha-256=:base64:} of {@code body}. */
    static String contentDigestHeader(byte[] body) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(sha("SHA-256", body)) + ":";
    }

    /** Checks a {@code Digest} header's value against {@code body}: every accepted algorithm in it must match. */
    static Optional<Refusal> checkDigest(String header, byte[] body) {
        boolean known = false;
        for (String entry : header.split(",", 8)) {
            int equals = entry.indexOf('=');
            if (equals < 1) {
                return Optional.of(Refusal.MALFORMED);
            }
            Optional<String> jdk = jdkName(entry.substring(0, equals).strip());
            if (jdk.isEmpty()) {
                continue;
            }
            known = true;
            if (!matches(jdk.get(), entry.substring(equals + 1).strip(), body)) {
                return Optional.of(Refusal.DIGEST_MISMATCH);
            }
        }
        return known ? Optional.empty() : Optional.of(Refusal.DIGEST_UNSUPPORTED);
    }

    /** Checks a {@code Content-Digest} header's members (parsed byte sequences) against {@code body}. */
    static Optional<Refusal> checkContentDigest(Map<String, byte[]> members, byte[] body) {
        boolean known = false;
        for (Map.Entry<String, byte[]> member : members.entrySet()) {
            Optional<String> jdk = jdkName(member.getKey());
            if (jdk.isEmpty()) {
                continue;
            }
            known = true;
            if (!MessageDigest.isEqual(sha(jdk.get(), body), member.getValue())) {
                return Optional.of(Refusal.DIGEST_MISMATCH);
            }
        }
        return known ? Optional.empty() : Optional.of(Refusal.DIGEST_UNSUPPORTED);
    }

    private static boolean matches(String algorithm, String base64, byte[] body) {
        try {
            return MessageDigest.isEqual(
                    sha(algorithm, body), Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<String> jdkName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sha-256" -> Optional.of("SHA-256");
            case "sha-512" -> Optional.of("SHA-512");
            default -> Optional.empty();
        };
    }

    static byte[] sha(String algorithm, byte[] body) {
        try {
            return MessageDigest.getInstance(algorithm).digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has " + algorithm, e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
