package io.loa.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a client says it takes, and how much, in a header of weighted values such as {@code Accept} or
 * {@code Accept-Encoding} (RFC 9110, 12.4.2, 12.5.1, 12.5.3):
 * {@code text/html,application/xml;q=0.9,*}{@code /*;q=0.8}.
 * Each member of the list is read by the RFC's grammar, and a member that does not follow it ({@code ;},
 * {@code text/html;q=zero}) is left out, as if it had not been sent. Values are compared without case; a value
 * listed twice counts at its higher weight. Parameters other than {@code q} are not told apart
 * ({@code text/html;level=1} is text/html).
 */
public final class QualityValues {

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED =
            "\"(?:[\\t \\x21\\x23-\\x5B\\x5D-\\x7E\\x80-\\xFF]|\\\\[\\t \\x21-\\x7E\\x80-\\xFF])*\"";
    /** {@code OWS ";" OWS [ parameter ]} (5.6.6): a parameter's name and value are groups 1 and 2. */
    private static final String PARAMETER = "[ \\t]*;[ \\t]*(?:(" + TOKEN + ")=(" + TOKEN + "|" + QUOTED + "))?";
    /** A coding ({@code gzip}) or a media range ({@code text/*}), and its parameters: {@code parameters} of 5.6.6. */
    private static final Pattern MEMBER = Pattern.compile("(" + TOKEN + "(?:/" + TOKEN + ")?)((?:" + PARAMETER + ")*)");

    private static final Pattern EACH_PARAMETER = Pattern.compile("\\G" + PARAMETER);
    /** {@code qvalue}: 0 to 1 with at most three decimals (5.6.6 and 12.4.2). */
    private static final Pattern QVALUE = Pattern.compile("0(?:\\.[0-9]{0,3})?|1(?:\\.0{0,3})?");

    private final Map<String, Double> weights;

    private QualityValues(Map<String, Double> weights) {
        this.weights = weights;
    }

    /** The values of a header, or none when it is null, blank or holds nothing that parses. */
    public static QualityValues parse(String header) {
        Map<String, Double> weights = new HashMap<>();
        if (header != null) {
            for (String member : members(header)) {
                Matcher value = MEMBER.matcher(member.strip());
                if (value.matches()) {
                    Double weight = weight(value.group(2));
                    if (weight != null) {
                        weights.merge(value.group(1).toLowerCase(Locale.ROOT), weight, Math::max);
                    }
                }
            }
        }
        return new QualityValues(weights);
    }

    /** The members of a list ({@code #rule}, 5.6.1): split at the commas that are not inside a quoted string. */
    private static List<String> members(String header) {
        List<String> members = new ArrayList<>();
        StringBuilder member = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == ',' && !quoted) {
                members.add(member.toString());
                member.setLength(0);
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < header.length()) {
                member.append(c);
                c = header.charAt(++i);
            }
            member.append(c);
        }
        members.add(member.toString());
        return members;
    }

    /** The {@code q} of a member's parameters: 1 without one, null when it is not a qvalue. */
    private static Double weight(String parameters) {
        Matcher parameter = EACH_PARAMETER.matcher(parameters);
        while (parameter.find() && parameter.end() > parameter.start()) {
            if ("q".equalsIgnoreCase(parameter.group(1))) {
                String q = parameter.group(2);
                return QVALUE.matcher(q).matches() ? Double.valueOf(q) : null;
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
    public double mediaType(String type) {
        String bare = type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        return Stream.of(bare, bare.substring(0, bare.indexOf('/') + 1) + "*", "*/*")
                .map(weights::get)
                .filter(w -> w != null)
                .findFirst()
                .orElse(0.0);
    }
}
