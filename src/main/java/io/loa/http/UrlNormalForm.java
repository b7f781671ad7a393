package io.loa.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One spelling for URLs that mean the same (RFC 3986, 6.2.2 and 6.2.3): scheme and host in lower case, no default
 * port, percent-encoded unreserved characters decoded and other percent-encodings in upper case. So
 * {@code HTTP://Example.COM:80/feeds/thoi%2dsu.atom} is {@code http://example.com/feeds/thoi-su.atom}.
 * Dot segments are left as they are.
 */
public final class UrlNormalForm {

    private static final String UNRESERVED_MARKS = "-._~";

    private UrlNormalForm() {}

    /** The URL in normal form; one that does not parse as a URL with a scheme and a host comes back as it is. */
    public static String of(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return url;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return url;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean defaultPort =
                uri.getPort() == 80 && scheme.equals("http") || uri.getPort() == 443 && scheme.equals("https");
        StringBuilder out = new StringBuilder(url.length()).append(scheme).append("://");
        if (uri.getRawUserInfo() != null) {
            out.append(uri.getRawUserInfo()).append('@');
        }
        out.append(uri.getHost().toLowerCase(Locale.ROOT));
        if (uri.getPort() != -1 && !defaultPort) {
            out.append(':').append(uri.getPort());
        }
        out.append(percentEncodings(uri.getRawPath()));
        if (uri.getRawQuery() != null) {
            out.append('?').append(percentEncodings(uri.getRawQuery()));
        }
        if (uri.getRawFragment() != null) {
            out.append('#').append(uri.getRawFragment());
        }
        return out.toString();
    }

    /** Decodes the unreserved characters ({@code %2D} is {@code -}), and writes the other encodings in upper case. */
    private static String percentEncodings(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            // new URI(...) has checked that every % starts a well-formed encoding.
            if (c == '%') {
                char decoded = (char) Integer.parseInt(raw.substring(i + 1, i + 3), 16);
                if (isUnreserved(decoded)) {
                    out.append(decoded);
                } else {
                    out.append(raw.substring(i, i + 3).toUpperCase(Locale.ROOT));
                }
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || UNRESERVED_MARKS.indexOf(c) >= 0;
    }
}
