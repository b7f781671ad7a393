package io.loa.httpsig;

import static org.assertj.core.api.Assertions.assertThat;

import io.loa.httpsig.Verification.Refused;
import io.loa.httpsig.Verification.Verified;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Signatures checked against the specifications' own examples (draft-cavage-12 Appendix C, RFC 9421 Appendix B
 * and section 4.3), signed by us and verified back, and each way a request is refused.
 */
class SignatureVerifierTest {

    private static final String BODY = "{\"hello\": \"world\"}";
    private static final String ACTOR = "https://social.example/users/alice";
    private static final String KEY_ID = ACTOR + "#main-key";
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final KeyPair ALICE = TestKeys.fresh();

    // draft-cavage-http-signatures-12, Appendix C: the request and its "Test" key

    private static final PublicKey CAVAGE_KEY = TestKeys.publicKey("draft-cavage-test-key.pub.pem");
    private static final Instant CAVAGE_DATE = Instant.parse("2014-01-05T21:31:40Z");

    private static Map<String, List<String>> cavageRequest(String signature) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("example.com"));
        headers.put("Date", List.of("Sun, 05 Jan 2014 21:31:40 GMT"));
        headers.put("Content-Type", List.of("application/json"));
        headers.put("Digest", List.of("SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE="));
        headers.put("Content-Length", List.of("18"));
        headers.put("Signature", List.of(signature));
        return headers;
    }

    @Test
    void theDraftsAllHeadersExampleVerifies() {
        String signature = "keyId=\"Test\",algorithm=\"rsa-sha256\","
                + "headers=\"(request-target) host date content-type digest content-length\","
                + "signature=\"vSdrb+dS3EceC9bcwHSo4MlyKS59iFIrhgYkz8+oVLEEzmYZZvRs8rgOp+63LEM3v+MFHB32NfpB2bEKBIvB1q52"
                + "LaEUHFv120V01IL+TAD48XaERZFukWgHoBTLMhYS2Gb51gWxpeIq8knRmPnYePbF5MOkR0Zkly4zKH7s1dE=\"";
        Verification verification = verifier(keys(Map.of("Test", CAVAGE_KEY)), CAVAGE_DATE)
                .verify("POST", "/foo?param=value&pet=dog", cavageRequest(signature), utf8(BODY));
        assertThat(verification).isEqualTo(new Verified("Test", "owner of Test"));
    }

    @Test
    void theDraftsBasicExampleIsWhatWeSignButLeavesTheBodyUncovered() {
        HttpSigner signer = new HttpSigner(
                "Test",
                TestKeys.privateKey("draft-cavage-test-key.pkcs8.pem"),
                Clock.fixed(CAVAGE_DATE, ZoneOffset.UTC));
        Map<String, String> signed = signer.sign(
                "POST",
                URI.create("http://example.com/foo?param=value&pet=dog"),
                Map.of("Date", "Sun, 05 Jan 2014 21:31:40 GMT"),
                null);
        String basic = "keyId=\"Test\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date\","
                + "signature=\"qdx+H7PHHDZgy4y/Ahn9Tny9V3GP6YgBPyUXMmoxWtLbHpUnXS2mg2+SbrQDMCJypxBLSPQR2aAjn7ndmw2iicw3"
                + "HMbe8VfEdKFYRqzic+efkb3nndiv/x1xSHDJWeSWkx3ButlYSuBskLu6kd9Fswtemr3lgdDEmn04swr2Os0=\"";
        assertThat(signed).containsEntry("Signature", basic).containsEntry("Host", "example.com");

        Verification verification = verifier(keys(Map.of("Test", CAVAGE_KEY)), CAVAGE_DATE)
                .verify("POST", "/foo?param=value&pet=dog", cavageRequest(basic), utf8(BODY));
        assertThat(reason(verification)).isEqualTo(Refusal.UNCOVERED);
    }

    // RFC 9421: Appendix B.2 and section 4.3

    private static final String CONTENT_DIGEST =
            "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:";

    private static Map<String, List<String>> rfcRequest(String host, String date) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of(host));
        headers.put("Date", List.of(date));
        headers.put("Content-Type", List.of("application/json"));
        headers.put("Content-Digest", List.of(CONTENT_DIGEST));
        headers.put("Content-Length", List.of("18"));
        return headers;
    }

    @Test
    void theRfcsFullCoverageExampleVerifiesWithThePssKey() {
        Map<String, List<String>> headers = rfcRequest("example.com", "Tue, 20 Apr 2021 02:07:55 GMT");
        headers.put(
                "Signature-Input",
                List.of(
                        "sig-b23=(\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" "
                                + "\"content-type\" \"content-digest\" \"content-length\");created=1618884473;keyid=\"test-key-rsa-pss\""));
        headers.put(
                "Signature",
                List.of("sig-b23=:bbN8oArOxYoyylQQUU6QYwrTuaxLwjAC9fbY2F6SVWvh0yBiMIRGOnMYwZ/5MR6fb0Kh1rIRA"
                        + "SVxFkeGt683+qRpRRU5p2voTp768ZrCUb38K0fUxN0O0iC59DzYx8DFll5GmydPxSmme9v6ULbMFkl+V5B1TP/yPViV7KsLNmvKiLJH1pF"
                        + "kh/aYA2HXXZzNBXmIkoQoLd7YfW91kE9o/CCoC1xMy7JA1ipwvKvfrs65ldmlu9bpG6A9BmzhuzF8Eim5f8ui9eH8LZH896+QIF61ka39V"
                        + "Brohr9iyMUJpvRX2Zbhl5ZJzSRxpJyoEZAFL2FUo5fTIztsDZKEgM4cUA==:"));
        KeySource keys = keys(Map.of("test-key-rsa-pss", TestKeys.publicKey("rfc9421-test-key-rsa-pss.pub.pem")));

        Verification verification = verifier(keys, Instant.ofEpochSecond(1618884473))
                .verify("POST", "/foo?param=Value&Pet=dog", headers, utf8(BODY));
        assertThat(verification).isEqualTo(new Verified("test-key-rsa-pss", "owner of test-key-rsa-pss"));

        Verification tampered = verifier(keys, Instant.ofEpochSecond(1618884473))
                .verify("POST", "/foo?param=Value&Pet=cat", headers, utf8(BODY));
        assertThat(reason(tampered)).isEqualTo(Refusal.BAD_SIGNATURE);
    }

    @Test
    void theRfcsMinimalExampleHasTheRfcsBaseAndIsRefusedForCoveringNothing() {
        MessageSignature signature = MessageSignature.choose(
                "sig-b21=();created=1618884473;keyid=\"test-key-rsa-pss\";nonce=\"b3k2pp5k7z-50gnwp.yemd\"",
                "sig-b21=:d2pmTvmbncD3xQm8E9ZV2828BjQWGgiwAaw5bAkgibUopemLJcWDy/lkbbHAve4cRAtx31Iq786U7it++wgGxbtRxf8Udx7z"
                        + "FZsckzXaJMkA7ChG52eSkFxykJeNqsrWH5S+oxNFlD4dzVuwe8DhTSja8xxbR/Z2cOGdCbzR72rgFWhzx2VjBqJzsPLMIQKhO4D"
                        + "GezXehhWwE56YCE+O6c0mKZsfxVrogUvA4HELjVKWmAvtl6UnCh8jYzuVG5WSb/QEVPnP5TmcAnLH1g+s++v6d4s8m0gCw1fV5/"
                        + "SITLq9mhho8K3+7EPYTU8IU1bLhdxO5Nyt8C8ssinQ98Xw9Q==:");
        IncomingRequest request = new IncomingRequest(
                "POST",
                "/foo?param=Value&Pet=dog",
                rfcRequest("example.com", "Tue, 20 Apr 2021 02:07:55 GMT"),
                utf8(BODY));
        String base = signature.base(request, "https");
        assertThat(base)
                .isEqualTo("\"@signature-params\": ();created=1618884473;keyid=\"test-key-rsa-pss\";"
                        + "nonce=\"b3k2pp5k7z-50gnwp.yemd\"");
        assertThat(Algorithm.RSA_PSS_SHA512.verifies(
                        TestKeys.publicKey("rfc9421-test-key-rsa-pss.pub.pem"), utf8(base), signature.signature()))
                .isTrue();
    }

    @Test
    void theRfcsProxySignatureVerifiesAndIsWhatWeSign() {
        Map<String, List<String>> headers = rfcRequest("origin.host.internal.example", "Tue, 20 Apr 2021 02:07:56 GMT");
        headers.put("Forwarded", List.of("for=192.0.2.123;host=example.com;proto=https"));
        String proxyInput = "proxy_sig=(\"@method\" \"@authority\" \"@path\" \"content-digest\" \"content-type\" "
                + "\"content-length\" \"forwarded\");created=1618884480;keyid=\"test-key-rsa\";alg=\"rsa-v1_5-sha256\""
                + ";expires=1618884540";
        String proxySignature =
                "S6ZzPXSdAMOPjN/6KXfXWNO/f7V6cHm7BXYUh3YD/fRad4BCaRZxP+JH+8XY1I6+8Cy+CM5g92iHgxtRPz+Mjni"
                        + "OaYmdkDcnL9cCpXJleXsOckpURl49GwiyUpZ10KHgOEe11sx3G2gxI8S0jnxQB+Pu68U9vVcasqOWAEObtNKKZd8tSFu7LB5YAv0RAGhB8"
                        + "tmpv7sFnIm9y+7X5kXQfi8NMaZaA8i2ZHwpBdg7a6CMfwnnrtflzvZdXAsD3LH2TwevU+/PBPv0B6NMNk93wUs/vfJvye+YuI87HU38lZHo"
                        + "wtznbLVdp770I6VHR6WfgS9ddzirrswsE1w5o0LV/g==";
        headers.put(
                "Signature-Input",
                List.of("sig1=(\"@method\" \"@authority\" \"@path\" \"content-digest\" "
                        + "\"content-type\" \"content-length\");created=1618884475;keyid=\"test-key-ecc-p256\", "
                        + proxyInput));
        headers.put(
                "Signature",
                List.of("sig1=:X5spyd6CFnAG5QnDyHfqoSNICd+BUP4LYMz2Q0JXlb//4Ijpzp+kve2w4NIyqeAuM7jTDX+s"
                        + "NalzA8ESSaHD3A==:, proxy_sig=:" + proxySignature + ":"));
        KeySource keys = keys(Map.of("test-key-rsa", TestKeys.publicKey("rfc9421-test-key-rsa.pub.pem")));

        Verification verification = verifier(keys, Instant.ofEpochSecond(1618884500))
                .verify("POST", "/foo?param=Value&Pet=dog", headers, utf8(BODY));
        assertThat(verification).isEqualTo(new Verified("test-key-rsa", "owner of test-key-rsa"));

        // RSASSA-PKCS1-v1_5 is deterministic: signing the RFC's base with its key gives the RFC's signature.
        IncomingRequest request = new IncomingRequest("POST", "/foo?param=Value&Pet=dog", headers, utf8(BODY));
        String base = MessageSignature.choose(proxyInput, "proxy_sig=:" + proxySignature + ":")
                .base(request, "https");
        byte[] ours = Algorithm.RSA_V1_5_SHA256.sign(TestKeys.privateKey("rfc9421-test-key-rsa.pkcs8.pem"), utf8(base));
        assertThat(Base64.getEncoder().encodeToString(ours)).isEqualTo(proxySignature);

        Verification expired = verifier(keys, Instant.ofEpochSecond(1618884541))
                .verify("POST", "/foo?param=Value&Pet=dog", headers, utf8(BODY));
        assertThat(reason(expired)).isEqualTo(Refusal.STALE);
    }

    // Signed by us, verified back

    @Test
    void aPostWeSignVerifiesAsItsActor() {
        Map<String, List<String>> headers = signedPost(BODY);
        assertThat(signature(headers))
                .startsWith("keyId=\"" + KEY_ID + "\",algorithm=\"rsa-sha256\","
                        + "headers=\"(request-target) host date digest\",signature=\"");
        assertThat(headers.get("Date")).containsExactly("Sun, 06 Dec 2026 12:00:00 GMT");
        assertThat(verify(headers, BODY)).isEqualTo(new Verified(KEY_ID, ACTOR));
    }

    @Test
    void aGetWeSignCoversTargetHostAndDate() {
        Map<String, String> signed = signer().sign("GET", URI.create("https://Social.example:8443/users/bob"), null);
        assertThat(signed).containsOnlyKeys("Date", "Host", "Signature").containsEntry("Host", "social.example:8443");
        assertThat(signed.get("Signature")).contains("headers=\"(request-target) host date\"");
        Verification verification = verifier(alice(), NOW).verify("GET", "/users/bob", multi(signed), null);
        assertThat(verification).isEqualTo(new Verified(KEY_ID, ACTOR));
    }

    @Test
    void theDispatchQueuesHelperSignsTheStoredBody() {
        Map<String, String> signed = signer().signedHeaders("POST", "https://mastodon.example/inbox", BODY);
        assertThat(signed).containsKeys("Date", "Host", "Digest", "Signature");
        assertThat(signed.get("Digest")).isEqualTo("SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=");
        assertThat(verifier(alice(), NOW).verify("POST", "/inbox", multi(signed), utf8(BODY)))
                .isEqualTo(new Verified(KEY_ID, ACTOR));
    }

    @Test
    void hs2019WithAnRsaKeyIsReadAsRsaSha256() {
        Map<String, List<String>> headers = signedPost(BODY);
        headers.put(
                "Signature", List.of(signature(headers).replace("algorithm=\"rsa-sha256\"", "algorithm=\"hs2019\"")));
        assertThat(verify(headers, BODY)).isEqualTo(new Verified(KEY_ID, ACTOR));
    }

    @Test
    void headerNamesAreMatchedWithoutCaseAndRepeatedValuesJoined() {
        Map<String, String> signed = signer().sign("POST", URI.create("https://mastodon.example/inbox"), utf8(BODY));
        Map<String, List<String>> lower = new LinkedHashMap<>();
        signed.forEach((name, value) -> lower.put(name.toLowerCase(java.util.Locale.ROOT), List.of(value)));
        lower.put("accept", List.of("a", "b"));
        assertThat(verifier(alice(), NOW).verify("POST", "/inbox", lower, utf8(BODY)))
                .isEqualTo(new Verified(KEY_ID, ACTOR));
    }

    @Test
    void anRfc9421SignatureWeMakeVerifies() {
        URI inbox = URI.create("https://mastodon.example/inbox");
        Map<String, String> signed = new LinkedHashMap<>(signer().signRfc9421("POST", inbox, utf8(BODY)));
        assertThat(signed.get("Signature-Input"))
                .isEqualTo("sig1=(\"@method\" \"@target-uri\" \"content-digest\")" + ";created=" + NOW.getEpochSecond()
                        + ";keyid=\"" + KEY_ID + "\";alg=\"rsa-v1_5-sha256\"");
        assertThat(signed.get("Content-Digest")).isEqualTo("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
        signed.put("Host", "mastodon.example");
        assertThat(verifier(alice(), NOW).verify("POST", "/inbox", multi(signed), utf8(BODY)))
                .isEqualTo(new Verified(KEY_ID, ACTOR));
        assertThat(reason(verifier(alice(), NOW).verify("POST", "/inbox", multi(signed), utf8(BODY + " "))))
                .isEqualTo(Refusal.DIGEST_MISMATCH);
        assertThat(reason(verifier(alice(), NOW.plus(Duration.ofHours(13)))
                        .verify("POST", "/inbox", multi(signed), utf8(BODY))))
                .isEqualTo(Refusal.STALE);
    }

    // Each refusal

    @Test
    void anUnsignedRequestIsRefused() {
        assertThat(reason(verifier(alice(), NOW).verify("POST", "/inbox", Map.of("Host", List.of("x")), utf8(BODY))))
                .isEqualTo(Refusal.UNSIGNED);
    }

    @Test
    void aTamperedBodyIsRefusedByItsDigest() {
        assertThat(reason(verify(signedPost(BODY), "{\"hello\": \"mallory\"}"))).isEqualTo(Refusal.DIGEST_MISMATCH);
    }

    @Test
    void aTamperedHeaderIsRefusedBySignature() {
        Map<String, List<String>> headers = signedPost(BODY);
        headers.put("Host", List.of("other.example"));
        assertThat(reason(verify(headers, BODY))).isEqualTo(Refusal.BAD_SIGNATURE);
        Verification otherTarget = verifier(alice(), NOW).verify("POST", "/ap/inbox", signedPost(BODY), utf8(BODY));
        assertThat(reason(otherTarget)).isEqualTo(Refusal.BAD_SIGNATURE);
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() {
        KeySource mallory = keys(Map.of(KEY_ID, TestKeys.fresh().getPublic()));
        assertThat(reason(verifier(mallory, NOW).verify("POST", "/inbox", signedPost(BODY), utf8(BODY))))
                .isEqualTo(Refusal.BAD_SIGNATURE);
    }

    @Test
    void aRotatedKeyIsFetchedAgainOnce() {
        PublicKey old = TestKeys.fresh().getPublic();
        KeySource rotated = new KeySource() {
            @Override
            public ActorKey key(String keyId) {
                return new ActorKey(keyId, ACTOR, old);
            }

            @Override
            public Optional<ActorKey> refetched(String keyId) {
                return Optional.of(new ActorKey(keyId, ACTOR, ALICE.getPublic()));
            }
        };
        assertThat(verifier(rotated, NOW).verify("POST", "/inbox", signedPost(BODY), utf8(BODY)))
                .isEqualTo(new Verified(KEY_ID, ACTOR));
    }

    @Test
    void aDateOutsideTheWindowIsRefused() {
        Map<String, List<String>> headers = signedPost(BODY);
        assertThat(reason(verifier(alice(), NOW.plus(Duration.ofHours(12)).plusSeconds(1))
                        .verify("POST", "/inbox", headers, utf8(BODY))))
                .isEqualTo(Refusal.STALE);
        assertThat(reason(verifier(alice(), NOW.minus(Duration.ofHours(1)).minusSeconds(1))
                        .verify("POST", "/inbox", headers, utf8(BODY))))
                .isEqualTo(Refusal.STALE);
        // Inside it, both ways: Mastodon's retries arrive hours late with their first signature.
        assertThat(verifier(alice(), NOW.plus(Duration.ofHours(11))).verify("POST", "/inbox", headers, utf8(BODY)))
                .isInstanceOf(Verified.class);
        assertThat(verifier(alice(), NOW.minus(Duration.ofMinutes(59))).verify("POST", "/inbox", headers, utf8(BODY)))
                .isInstanceOf(Verified.class);
    }

    @Test
    void aBodyWithoutADigestIsRefused() {
        Map<String, String> signedAsGet = signer().sign("POST", URI.create("https://mastodon.example/inbox"), null);
        assertThat(reason(verifier(alice(), NOW).verify("POST", "/inbox", multi(signedAsGet), utf8(BODY))))
                .isEqualTo(Refusal.DIGEST_MISSING);

        Map<String, List<String>> digestUnsigned = multi(signedAsGet);
        digestUnsigned.put("Digest", List.of("SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE="));
        assertThat(reason(verifier(alice(), NOW).verify("POST", "/inbox", digestUnsigned, utf8(BODY))))
                .isEqualTo(Refusal.UNCOVERED);

        Map<String, List<String>> digestGone = signedPost(BODY);
        digestGone.remove("Digest");
        assertThat(reason(verify(digestGone, BODY))).isEqualTo(Refusal.MISSING_HEADER);
    }

    @Test
    void aDigestInAnUnknownAlgorithmIsRefused() {
        Map<String, List<String>> headers = signedPost(BODY);
        headers.put("Digest", List.of("SHA=07/0JLtfr9Gn3j1Hnjik0MTiPPQ="));
        assertThat(reason(verify(headers, BODY))).isEqualTo(Refusal.DIGEST_UNSUPPORTED);
    }

    @Test
    void anOversizedSignatureHeaderIsRefusedUnread() {
        Map<String, List<String>> headers = signedPost(BODY);
        headers.put(
                "Signature", List.of(signature(headers) + ",x=\"" + "a".repeat(SignatureVerifier.MAX_HEADER_CHARS)));
        assertThat(reason(verify(headers, BODY))).isEqualTo(Refusal.TOO_LARGE);
    }

    @Test
    void aSignatureHeaderOutsideTheGrammarIsRefused() {
        for (String broken : List.of(
                ",extra=\"1\"", // an unknown parameter
                ",keyId=\"https://other.example/#k\"", // a repeated one
                ",", // a trailing comma
                " garbage")) {
            Map<String, List<String>> headers = signedPost(BODY);
            headers.put("Signature", List.of(signature(headers) + broken));
            assertThat(reason(verify(headers, BODY))).as(broken).isEqualTo(Refusal.MALFORMED);
        }
        Map<String, List<String>> headers = signedPost(BODY);
        headers.put("Signature-Input", List.of("sig1=(\"@method\";sf);created=1;keyid=\"k\""));
        assertThat(reason(verify(headers, BODY))).isEqualTo(Refusal.MALFORMED);
    }

    @Test
    void anAlgorithmOtherThanRsaIsRefused() {
        Map<String, List<String>> headers = signedPost(BODY);
        headers.put("Signature", List.of(signature(headers).replace("rsa-sha256", "hmac-sha256")));
        assertThat(reason(verify(headers, BODY))).isEqualTo(Refusal.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void aSignatureThatLeavesTheTargetUncoveredIsRefused() {
        Map<String, List<String>> headers = signedPost(BODY);
        headers.put("Signature", List.of(signature(headers).replace("(request-target) host", "host")));
        assertThat(reason(verify(headers, BODY))).isEqualTo(Refusal.UNCOVERED);
    }

    @Test
    void aKeyThatCannotBeHadRefusesWithTheSourcesReason() {
        KeySource gone = keyId -> {
            throw new KeySource.KeyUnavailable(Refusal.KEY_UNAVAILABLE, "410 Gone");
        };
        assertThat(verifier(gone, NOW).verify("POST", "/inbox", signedPost(BODY), utf8(BODY)))
                .isEqualTo(new Refused(Refusal.KEY_UNAVAILABLE, "410 Gone"));
    }

    @Test
    void whatTheRequestAloneRefusesCostsNoKeyFetch() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        KeySource counting = keyId -> {
            asked.incrementAndGet();
            return alice().key(keyId);
        };
        SignatureVerifier later = verifier(counting, NOW.plus(Duration.ofDays(1)));
        assertThat(reason(later.verify("POST", "/inbox", signedPost(BODY), utf8(BODY))))
                .isEqualTo(Refusal.STALE);
        assertThat(reason(verifier(counting, NOW).verify("POST", "/inbox", signedPost(BODY), utf8("tampered"))))
                .isEqualTo(Refusal.DIGEST_MISMATCH);
        assertThat(asked).hasValue(0);
    }

    // Helpers

    private static HttpSigner signer() {
        return new HttpSigner(KEY_ID, ALICE.getPrivate(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Map<String, List<String>> signedPost(String body) {
        return multi(signer().sign(
                        "POST",
                        URI.create("https://mastodon.example/inbox"),
                        Map.of("Content-Type", "application/activity+json"),
                        utf8(body)));
    }

    private static Verification verify(Map<String, List<String>> headers, String body) {
        return verifier(alice(), NOW).verify("POST", "/inbox", headers, utf8(body));
    }

    private static SignatureVerifier verifier(KeySource keys, Instant now) {
        return new SignatureVerifier(keys, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static KeySource alice() {
        return keys(Map.of(KEY_ID, ALICE.getPublic()));
    }

    /** Keys by id, each owned by "owner of" its id (ours by ACTOR). */
    private static KeySource keys(Map<String, PublicKey> keys) {
        return keyId -> {
            PublicKey key = keys.get(keyId);
            if (key == null) {
                throw new KeySource.KeyUnavailable(Refusal.KEY_UNAVAILABLE, "no key " + keyId);
            }
            return new ActorKey(keyId, keyId.equals(KEY_ID) ? ACTOR : "owner of " + keyId, key);
        };
    }

    private static Map<String, List<String>> multi(Map<String, String> headers) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return multi;
    }

    private static String signature(Map<String, List<String>> headers) {
        return headers.get("Signature").get(0);
    }

    private static Refusal reason(Verification verification) {
        assertThat(verification).isInstanceOf(Refused.class);
        return ((Refused) verification).reason();
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
