package io.loa.httpsig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loa.httpsig.KeySource.KeyUnavailable;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads the key {@code keyId} names out of the JSON fetched from its URL: either an actor with a {@code publicKey}
 * (an object or an array of them) whose {@code id} is the key id and whose {@code owner} is the actor's
 * {@code id}; or the key object itself, with {@code id}, {@code owner} and {@code publicKeyPem}. Either way the
 * owner must be on the key's origin (scheme, host, port): nobody can publish a key for an actor elsewhere.
 */
final class KeyDocument {

    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 8192;
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeyDocument() {}

    static ActorKey read(byte[] json, String keyId) throws KeyUnavailable {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid("the key document is not JSON");
        } catch (IOException e) {
            throw invalid("the key document could not be read");
        }
        if (root == null || !root.isObject()) {
            throw invalid("the key document is not a JSON object");
        }
        JsonNode key;
        String owner;
        if (root.has("publicKey")) {
            String actor = text(root, "id");
            key = keyIn(root.get("publicKey"), keyId);
            owner = text(key, "owner");
            if (!owner.equals(actor)) {
                throw invalid("the key's owner " + owner + " is not the actor " + actor);
            }
        } else {
            key = root;
            owner = text(key, "owner");
        }
        if (!text(key, "id").equals(keyId)) {
            throw invalid("the document has no key " + keyId);
        }
        if (!sameOrigin(URI.create(keyId), owner)) {
            throw invalid("the key's owner " + owner + " is on another origin");
        }
        return new ActorKey(keyId, owner, rsa(text(key, "publicKeyPem")));
    }

    private static JsonNode keyIn(JsonNode publicKey, String keyId) throws KeyUnavailable {
        if (publicKey.isArray()) {
            for (JsonNode key : publicKey) {
                if (keyId.equals(key.path("id").asText(null))) {
                    return key;
                }
            }
            throw invalid("the actor has no key " + keyId);
        }
        if (!publicKey.isObject()) {
            throw invalid("publicKey is not an object");
        }
        return publicKey;
    }

    private static PublicKey rsa(String pem) throws KeyUnavailable {
        PublicKey key;
        try {
            key = Pem.publicKey(pem);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw invalid("publicKeyPem is not an RSA public key");
        }
        int bits = ((RSAPublicKey) key).getModulus().bitLength();
        if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
            throw invalid("an RSA key of " + bits + " bits");
        }
        return key;
    }

    /** True when {@code other} is an absolute URI on the scheme, host and port of {@code url}. */
    static boolean sameOrigin(URI url, String other) {
        try {
            URI uri = URI.create(other);
            return uri.isAbsolute()
                    && url.getScheme().equalsIgnoreCase(uri.getScheme())
                    && uri.getHost() != null
                    && url.getHost()
                            .toLowerCase(Locale.ROOT)
                            .equals(uri.getHost().toLowerCase(Locale.ROOT))
                    && port(url) == port(uri);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return Objects.equals(uri.getScheme().toLowerCase(Locale.ROOT), "https") ? 443 : 80;
    }

    private static String text(JsonNode node, String field) throws KeyUnavailable {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().length() > 2000) {
            throw invalid("the key document has no " + field);
        }
        return value.asText();
    }

    private static KeyUnavailable invalid(String detail) {
        return new KeyUnavailable(Refusal.KEY_INVALID, detail);
    }
}
