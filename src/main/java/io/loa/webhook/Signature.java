package io.loa.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing as the Standard Webhooks specification has it: an endpoint's secret is {@code whsec_} and the base64 of
 * {@link #SECRET_BYTES} random bytes; a message carries {@code webhook-id}, {@code webhook-timestamp} (unix seconds)
 * and {@code webhook-signature}, which is {@code v1,} and the base64 of HMAC-SHA256, keyed with the secret's bytes,
 * of {@code id.timestamp.body}. Receivers verify it with the specification's own libraries.
 */
public final class Signature {

    static final String PREFIX = "whsec_";
    /** Within the 24 to 64 bytes the specification asks for. */
    static final int SECRET_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Signature() {}

    /** A new secret, {@code whsec_…}. */
    public static String newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The three headers of a message with this id, sent at {@code unixSeconds}. */
    public static Map<String, String> headers(String secret, String messageId, long unixSeconds, byte[] body) {
        return Map.of(
                "webhook-id",
                messageId,
                "webhook-timestamp",
                Long.toString(unixSeconds),
                "webhook-signature",
                "v1," + sign(secret, messageId, unixSeconds, body));
    }

    static String sign(String secret, String messageId, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(PREFIX.length())), "HmacSHA256"));
            mac.update((messageId + "." + unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
