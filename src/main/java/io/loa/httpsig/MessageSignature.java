package io.loa.httpsig;

import io.loa.httpsig.StructuredFields.Item;
import io.loa.httpsig.StructuredFields.Member;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One signature of RFC 9421 (HTTP Message Signatures): its label, the components it covers, its parameters, and
 * the bytes of {@code Signature}. Covered components are the derived ones a request has ({@code @method},
 * {@code @target-uri}, {@code @authority}, {@code @scheme}, {@code @request-target}, {@code @path}, {@code @query})
 * and header fields by name; component parameters ({@code ;sf}, {@code ;key}, {@code ;req}, {@code @query-param})
 * are not supported and refused.
 */
@SuppressWarnings("ArrayRecordComponent") // never compared: parsed, checked, dropped
record MessageSignature(
        String label, List<String> components, Map<String, Object> params, List<Item> items, byte[] signature) {

    private static final Set<String> PARAMETERS = Set.of("created", "expires", "keyid", "alg", "nonce", "tag");
    private static final Set<String> DERIVED =
            Set.of("@method", "@target-uri", "@authority", "@scheme", "@request-target", "@path", "@query");
    private static final int MAX_LABELS = 4;

    /**
     * The signature to verify among those a request carries: the first whose {@code alg} is one accepted, else the
     * first with no {@code alg}, else the first.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static MessageSignature choose(String signatureInput, String signature) {
        Map<String, Member> inputs;
        Map<String, Member> values;
        try {
            inputs = StructuredFields.dictionary(signatureInput);
            values = StructuredFields.dictionary(signature);
        } catch (StructuredFields.Malformed e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (inputs.isEmpty() || inputs.size() > MAX_LABELS || values.size() > MAX_LABELS) {
            throw new IllegalArgumentException("between 1 and " + MAX_LABELS + " signatures");
        }
        String chosen = null;
        for (Map.Entry<String, Member> input : inputs.entrySet()) {
            Object alg = input.getValue().params().get("alg");
            if (alg instanceof String name && algorithm(name).isPresent()) {
                chosen = input.getKey();
                break;
            }
            if (alg == null && chosen == null) {
                chosen = input.getKey();
            }
        }
        if (chosen == null) {
            chosen = inputs.keySet().iterator().next();
        }
        return of(chosen, inputs.get(chosen), values.get(chosen));
    }

    private static MessageSignature of(String label, Member input, Member value) {
        if (!input.isInnerList()) {
            throw new IllegalArgumentException(label + " in Signature-Input is not an inner list");
        }
        if (value == null || !(value.value() instanceof byte[] bytes)) {
            throw new IllegalArgumentException("Signature has no byte sequence for " + label);
        }
        List<String> components = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Item item : input.innerList()) {
            if (!(item.value() instanceof String name) || !item.params().isEmpty()) {
                throw new IllegalArgumentException("components are plain strings, without parameters");
            }
            if (!name.equals(name.toLowerCase(Locale.ROOT))
                    || name.isEmpty()
                    || (name.startsWith("@") && !DERIVED.contains(name))
                    || !seen.add(name)) {
                throw new IllegalArgumentException("an unknown, upper-case or repeated component: " + name);
            }
            components.add(name);
        }
        if (components.size() > CavageSignature.MAX_COVERED) {
            throw new IllegalArgumentException("at most " + CavageSignature.MAX_COVERED + " components");
        }
        Map<String, Object> params = input.params();
        for (Map.Entry<String, Object> param : params.entrySet()) {
            String key = param.getKey();
            boolean number = key.equals("created") || key.equals("expires");
            if (!PARAMETERS.contains(key)
                    || (number ? !(param.getValue() instanceof Long) : !(param.getValue() instanceof String))) {
                throw new IllegalArgumentException("an unknown or mistyped parameter: " + key);
            }
        }
        if (!(params.get("keyid") instanceof String)) {
            throw new IllegalArgumentException("keyid is required");
        }
        return new MessageSignature(label, List.copyOf(components), params, input.innerList(), bytes);
    }

    /** The algorithm an {@code alg} parameter names, if it is one accepted. */
    static Optional<Algorithm> algorithm(String alg) {
        return switch (alg) {
            case "rsa-v1_5-sha256" -> Optional.of(Algorithm.RSA_V1_5_SHA256);
            case "rsa-pss-sha512" -> Optional.of(Algorithm.RSA_PSS_SHA512);
            default -> Optional.empty();
        };
    }

    String keyId() {
        return (String) params.get("keyid");
    }

    Optional<String> alg() {
        return Optional.ofNullable((String) params.get("alg"));
    }

    Optional<Long> created() {
        return Optional.ofNullable((Long) params.get("created"));
    }

    Optional<Long> expires() {
        return Optional.ofNullable((Long) params.get("expires"));
    }

    /**
     * The signature base (RFC 9421 section 2.5): a line per component, then {@code @signature-params}.
     *
     * @throws IllegalStateException naming the first covered header the request lacks
     */
    String base(IncomingRequest request, String scheme) {
        return base(request, scheme, components, StructuredFields.serializeInnerList(items, params));
    }

    static String base(IncomingRequest request, String scheme, List<String> components, String signatureParams) {
        StringBuilder base = new StringBuilder();
        for (String name : components) {
            base.append('"')
                    .append(name)
                    .append("\": ")
                    .append(value(request, scheme, name))
                    .append('\n');
        }
        return base.append("\"@signature-params\": ").append(signatureParams).toString();
    }

    private static String value(IncomingRequest request, String scheme, String name) {
        return switch (name) {
            case "@method" -> request.method;
            case "@target-uri" -> scheme + "://" + authority(request) + request.pathAndQuery;
            case "@authority" -> authority(request);
            case "@scheme" -> scheme;
            case "@request-target" -> request.pathAndQuery;
            case "@path" -> request.path();
            case "@query" -> request.query();
            default -> request.header(name).orElseThrow(() -> new IllegalStateException("the request has no " + name));
        };
    }

    private static String authority(IncomingRequest request) {
        return request.authority().orElseThrow(() -> new IllegalStateException("the request has no host"));
    }
}
