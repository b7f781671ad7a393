package io.loa.httpsig;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Signs Loa's outgoing requests with an actor's key, as Mastodon signs and expects: draft-cavage-12
 * {@code rsa-sha256} over {@code (request-target) host date}, plus {@code digest} for a body, which goes with a
 * {@code Digest: SHA-256=…} header. {@link #signRfc9421} signs the RFC 9421 way instead ({@code rsa-v1_5-sha256}
 * over {@code @method @target-uri}, plus {@code content-digest}) for peers that ask for it.
 *
 * <pre>
 * HttpSigner signer = new HttpSigner("https://news.example/ap/site#main-key", privateKey, clock);
 * Map&lt;String, String&gt; added = signer.sign("POST", URI.create("https://mastodon.example/inbox"), body);
 * // Date, Host, Digest, Signature: add them to the request as it is sent
 * </pre>
 */
public final class HttpSigner implements RequestSigner {

    /** RFC 9110's IMF-fixdate: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final String keyId;
    private final PrivateKey key;
    private final Clock clock;

    public HttpSigner(String keyId, PrivateKey key, Clock clock) {
        this.keyId = keyId;
        this.key = key;
        this.clock = clock;
    }

    /**
     * The headers that sign a request: {@code Date}, {@code Host}, {@code Digest} (when {@code body} is not null)
     * and {@code Signature}.
     */
    @Override
    public Map<String, String> sign(String method, URI url, byte[] body) {
        return sign(method, url, Map.of(), body);
    }

    /**
     * {@code headers} with the signing ones added: a {@code Date} already there is kept and signed, the others
     * are set.
     */
    public Map<String, String> sign(String method, URI url, Map<String, String> headers, byte[] body) {
        Map<String, String> signed = new LinkedHashMap<>(headers);
        String date = headers.entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("date"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseGet(() -> date(clock.instant()));
        signed.keySet().removeIf(name -> name.equalsIgnoreCase("date"));
        signed.put("Date", date);
        signed.put("Host", host(url));
        List<String> covered = new ArrayList<>(List.of("(request-target)", "host", "date"));
        if (body != null) {
            signed.put("Digest", Digests.digestHeader(body));
            covered.add("digest");
        }
        StringBuilder base = new StringBuilder();
        base.append("(request-target): ").append(CavageSignature.requestTarget(method, target(url)));
        base.append("\nhost: ").append(signed.get("Host"));
        base.append("\ndate: ").append(date);
        if (body != null) {
            base.append("\ndigest: ").append(signed.get("Digest"));
        }
        byte[] signature = Algorithm.RSA_V1_5_SHA256.sign(key, Digests.utf8(base.toString()));
        signed.put("Signature", CavageSignature.header(keyId, "rsa-sha256", covered, signature));
        return signed;
    }

    /**
     * The signing headers for a request of Loa's dispatch queue, whose body is stored as UTF-8 text: what the
     * queue adds to the stored request as it sends it.
     *
     * @param body the stored body, or null for none
     */
    public Map<String, String> signedHeaders(String method, String url, String body) {
        return sign(method, URI.create(url), body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The headers that sign a request the RFC 9421 way: {@code Content-Digest} (with a body), {@code Signature-Input}
     * and {@code Signature}, label {@code sig1}, {@code created} now.
     */
    public Map<String, String> signRfc9421(String method, URI url, byte[] body) {
        Map<String, String> signed = new LinkedHashMap<>();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of(host(url)));
        List<String> components = new ArrayList<>(List.of("@method", "@target-uri"));
        if (body != null) {
            signed.put("Content-Digest", Digests.contentDigestHeader(body));
            headers.put("Content-Digest", List.of(signed.get("Content-Digest")));
            components.add("content-digest");
        }
        StringBuilder params = new StringBuilder("(");
        for (int i = 0; i < components.size(); i++) {
            params.append(i > 0 ? " " : "")
                    .append('"')
                    .append(components.get(i))
                    .append('"');
        }
        params.append(");created=").append(clock.instant().getEpochSecond());
        params.append(";keyid=").append(StructuredFields.serializeBare(keyId));
        params.append(";alg=\"rsa-v1_5-sha256\"");
        IncomingRequest request = new IncomingRequest(method, target(url), headers, body);
        String base = MessageSignature.base(request, url.getScheme(), components, params.toString());
        byte[] signature = Algorithm.RSA_V1_5_SHA256.sign(key, Digests.utf8(base));
        signed.put("Signature-Input", "sig1=" + params);
        signed.put("Signature", "sig1=:" + Base64.getEncoder().encodeToString(signature) + ":");
        return signed;
    }

    /** {@code instant} as an HTTP date (IMF-fixdate). */
    public static String date(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /** The Host header for {@code url}: its host, and its port unless it is the scheme's default. */
    static String host(URI url) {
        int port = url.getPort();
        boolean defaultPort = port == -1
                || (port == 443 && "https".equalsIgnoreCase(url.getScheme()))
                || (port == 80 && "http".equalsIgnoreCase(url.getScheme()));
        return url.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /** The request target as sent: raw path ("/" for none) and raw query. */
    static String target(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }
}
