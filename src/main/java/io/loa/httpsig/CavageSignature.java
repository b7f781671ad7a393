package io.loa.httpsig;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@code Signature} header of draft-cavage-http-signatures-12, as Mastodon and most of the fediverse send it:
 * {@code keyId="…",algorithm="…",headers="(request-target) host date digest",signature="…"}. Parsed strictly:
 * only the draft's parameters, each at most once, values quoted (created and expires may be bare integers).
 */
@SuppressWarnings("ArrayRecordComponent") // never compared: parsed, checked, dropped
record CavageSignature(
        String keyId, String algorithm, List<String> headers, byte[] signature, Long created, Long expires) {

    private static final Set<String> PARAMETERS =
            Set.of("keyId", "algorithm", "headers", "signature", "created", "expires");
    static final int MAX_COVERED = 32;
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile(" +");

    /** @throws IllegalArgumentException saying what is wrong */
    static CavageSignature parse(String header) {
        Map<String, String> params = new LinkedHashMap<>();
        int at = 0;
        int length = header.length();
        while (true) {
            at = skipSpace(header, at);
            int nameStart = at;
            while (at < length && Character.isLetter(header.charAt(at)) && header.charAt(at) < 128) {
                at++;
            }
            String name = header.substring(nameStart, at);
            if (!PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "'");
            }
            if (at >= length || header.charAt(at) != '=') {
                throw new IllegalArgumentException("parameter " + name + " without '='");
            }
            at++;
            String value;
            if (at < length && header.charAt(at) == '"') {
                int end = header.indexOf('"', at + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("an unterminated quoted value");
                }
                value = header.substring(at + 1, end);
                at = end + 1;
            } else {
                int start = at;
                while (at < length && Character.isDigit(header.charAt(at))) {
                    at++;
                }
                value = header.substring(start, at);
                if (value.isEmpty() || !(name.equals("created") || name.equals("expires"))) {
                    throw new IllegalArgumentException("parameter " + name + " needs a quoted value");
                }
            }
            if (params.put(name, value) != null) {
                throw new IllegalArgumentException("parameter " + name + " given twice");
            }
            at = skipSpace(header, at);
            if (at >= length) {
                break;
            }
            if (header.charAt(at) != ',') {
                throw new IllegalArgumentException("parameters are separated by commas");
            }
            at++;
        }
        String keyId = params.get("keyId");
        String signature = params.get("signature");
        if (keyId == null || keyId.isEmpty() || signature == null) {
            throw new IllegalArgumentException("keyId and signature are required");
        }
        // The draft's default when headers is absent is "date" alone, which the verifier then refuses.
        List<String> covered = new ArrayList<>();
        for (String name : SPACES.split(params.getOrDefault("headers", "date").strip(), -1)) {
            if (!name.isEmpty()) {
                covered.add(name.toLowerCase(Locale.ROOT));
            }
        }
        if (covered.size() > MAX_COVERED || Set.copyOf(covered).size() != covered.size()) {
            throw new IllegalArgumentException("headers lists at most " + MAX_COVERED + " names, each once");
        }
        try {
            return new CavageSignature(
                    keyId,
                    params.get("algorithm"),
                    List.copyOf(covered),
                    Base64.getDecoder().decode(signature),
                    number(params.get("created")),
                    number(params.get("expires")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signature is not base64", e);
        }
    }

    private static Long number(String value) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty() || value.length() > 15 || !value.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("created and expires are integers");
        }
        return Long.parseLong(value);
    }

    private static int skipSpace(String text, int at) {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
            at++;
        }
        return at;
    }

    /**
     * The signing string (draft section 2.3): one {@code name: value} line per covered name, joined by "\n".
     *
     * @throws IllegalStateException naming the first covered header the request lacks
     */
    String signingString(IncomingRequest request) {
        List<String> lines = new ArrayList<>();
        for (String name : headers) {
            String value = switch (name) {
                case "(request-target)" -> requestTarget(request.method, request.pathAndQuery);
                case "(created)" -> pseudo(name, created);
                case "(expires)" -> pseudo(name, expires);
                default ->
                    request.header(name).orElseThrow(() -> new IllegalStateException("the request has no " + name));
            };
            lines.add(name + ": " + value);
        }
        return String.join("\n", lines);
    }

    private static String pseudo(String name, Long value) {
        if (value == null) {
            throw new IllegalStateException(name + " is covered but not given");
        }
        return value.toString();
    }

    static String requestTarget(String method, String pathAndQuery) {
        return method.toLowerCase(Locale.ROOT) + " " + pathAndQuery;
    }

    /** The header's value for these parameters, quoted as the draft writes them. */
    static String header(String keyId, String algorithm, List<String> headers, byte[] signature) {
        return "keyId=\"" + keyId + "\",algorithm=\"" + algorithm + "\",headers=\"" + String.join(" ", headers)
                + "\",signature=\"" + Base64.getEncoder().encodeToString(signature) + "\"";
    }
}
