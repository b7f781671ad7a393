package io.loa.http;

import io.javalin.config.JavalinConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * How far browsers may trust what Loa serves, decided here for every response: {@code X-Content-Type-Options}
 * and {@code Referrer-Policy} on all of them, and a {@code Content-Security-Policy} on each HTML page (see
 * {@link Representation#html}), allowing what the page contains and nothing else.
 * <p>
 * A browser that asks for a feed gets the feed's HTML page, under the policy of every page. The feed itself carries
 * no policy: Chromium would apply it to the markup it adds around a document it shows, such as its XML tree view,
 * and break its layout; and nothing in a feed becomes markup anyway.
 */
public final class SecurityHeaders {

    /** A browser takes the Content-Type as given and never guesses, so no feed or JSON is ever run as a script. */
    private static final PreEncodedHttpField NOSNIFF = new PreEncodedHttpField("X-Content-Type-Options", "nosniff");
    /**
     * No Referer leaves Loa. Loa reads none itself, and the publishers' image hosts that refuse hotlinking usually
     * accept a request without one while refusing an unknown site; and what a reader reads stays the reader's.
     */
    private static final PreEncodedHttpField REFERRER_POLICY =
            new PreEncodedHttpField("Referrer-Policy", "no-referrer");
    /** Refused in every policy: whatever is not named, {@code <base>}, form submissions, and framing by anyone. */
    private static final String REFUSE_THE_REST =
            "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private SecurityHeaders() {}

    /** Puts the headers on every response Jetty answers, the routes', static files' and errors' alike. */
    public static void register(JavalinConfig config) {
        config.jetty.modifyHttpConfiguration(http -> http.addCustomizer((request, headers) -> {
            addTo(headers);
            return request;
        }));
    }

    /** For responses made without a request to customize: Jetty's answers to requests it cannot parse. */
    static void addTo(HttpFields.Mutable headers) {
        headers.put(NOSNIFF);
        headers.put(REFERRER_POLICY);
    }

    /**
     * A Content-Security-Policy that allows {@code allowed} (such as {@code "img-src 'self'"}) and nothing else. A
     * directive allowed here replaces the one refusing it: browsers obey only the first of two with one name.
     */
    public static String policy(String... allowed) {
        Set<String> named =
                Arrays.stream(allowed).map(SecurityHeaders::directive).collect(Collectors.toSet());
        List<String> directives = new ArrayList<>();
        Arrays.stream(REFUSE_THE_REST.split("; "))
                .filter(d -> !named.contains(directive(d)))
                .forEach(directives::add);
        directives.addAll(List.of(allowed));
        return String.join("; ", directives);
    }

    private static String directive(String directive) {
        return directive.substring(0, directive.indexOf(' '));
    }

    /** The source expression that allows exactly this inline stylesheet: any other style is refused. */
    public static String inlineStyle(String css) {
        byte[] hash = Representation.sha256(css.getBytes(StandardCharsets.UTF_8));
        return "'sha256-" + Base64.getEncoder().encodeToString(hash) + "'";
    }
}
