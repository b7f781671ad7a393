package io.loa.http;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a client says it takes, and how much, in a header of weighted values such as {@code Accept} or
 * {@code Accept-Encoding} (RFC 9110, 12.4.2): {@code text/html,application/xml;q=0.9,*}{@code /*;q=0.8}.
 * Values are compared without case; a value listed twice counts at its higher weight; a weight that is not a
 * number counts as 0. Parameters other than {@code q} are not told apart ({@code text/html;level=1} is text/html).
 */
final class QualityValues {

    private final Map<String, Double> weights;

    private QualityValues(Map<String, Double> weights) {
        this.weights = weights;
    }

    /** The values of a header, or none when it is null or blank. */
    static QualityValues parse(String header) {
        Map<String, Double> weights = new HashMap<>();
        if (header != null) {
            for (String part : header.toLowerCase(Locale.ROOT).split(",")) {
                String[] pieces = part.split(";");
                String value = pieces[0].strip();
                if (!value.isEmpty()) {
                    weights.merge(value, weight(pieces), Math::max);
                }
            }
        }
        return new QualityValues(weights);
    }

    private static double weight(String[] pieces) {
        for (int i = 1; i < pieces.length; i++) {
            String param = pieces[i].strip();
            if (param.startsWith("q=")) {
                try {
                    return Double.parseDouble(param.substring(2).strip());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1.0;
    }

    /** The weight of a value listed as it is, or null when it is not listed. */
    Double listed(String value) {
        return weights.get(value);
    }

    /**
     * The weight the client gives a media type such as {@code text/html}: that of the most specific range that
     * names it ({@code text/html}, then {@code text/*}, then {@code *}{@code /*}), or 0 when none does. Parameters
     * of {@code type} ({@code ; charset=utf-8}) are ignored.
     */
    double mediaType(String type) {
        String bare = type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        return Stream.of(bare, bare.substring(0, bare.indexOf('/') + 1) + "*", "*/*")
                .map(weights::get).filter(w -> w != null).findFirst().orElse(0.0);
    }
}
