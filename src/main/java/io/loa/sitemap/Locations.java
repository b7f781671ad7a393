package io.loa.sitemap;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * URLs as a sitemap must give them (sitemaps.org, "Entity escaping"; RFC 3986): ASCII only, every other character
 * percent-encoded as UTF-8 ({@code /tin-tức} becomes {@code /tin-t%E1%BB%A9c}), a host in Unicode written in
 * Punycode. XML's own escaping ({@code &amp;}) is the XML writer's. At most 2,048 characters, as the schema has it.
 */
final class Locations {

    static final int MAX_LENGTH = 2048;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /**
     * The characters RFC 3986 allows after the host as they are: unreserved and reserved, but for '[' and ']',
     * which only an IP literal host may hold (the host is written apart), and '%' of an escape.
     */
    private static final String ALLOWED = "-._~:/?#@!$&'()*+,;=";

    private Locations() {}

    /** The URL written as a sitemap writes it; empty when it is longer than a sitemap allows once escaped. */
    static Optional<String> of(String url) {
        String escaped = escape(url);
        return escaped.length() <= MAX_LENGTH ? Optional.of(escaped) : Optional.empty();
    }

    static String escape(String url) {
        int authority = url.indexOf("://");
        StringBuilder out = new StringBuilder(url.length() + 16);
        int from = 0;
        if (authority > 0) {
            int hostStart = authority + 3;
            int hostEnd = hostStart;
            while (hostEnd < url.length() && "/?#".indexOf(url.charAt(hostEnd)) < 0) {
                hostEnd++;
            }
            out.append(url, 0, hostStart).append(host(url.substring(hostStart, hostEnd)));
            from = hostEnd;
        }
        byte[] bytes = url.substring(from).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if (b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
                out.append('%');
            } else if (b < 0x80 && (Character.isLetterOrDigit(b) || ALLOWED.indexOf(b) >= 0)) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        return out.toString();
    }

    /** A host (with its user information and port, if any) in ASCII: a name in Unicode becomes Punycode. */
    private static String host(String authority) {
        if (authority.chars().allMatch(c -> c < 0x80)) {
            return authority;
        }
        int at = authority.lastIndexOf('@');
        int colon = authority.indexOf(':', at + 1);
        String name = authority.substring(at + 1, colon < 0 ? authority.length() : colon);
        String rest = colon < 0 ? "" : authority.substring(colon);
        String user = at < 0 ? "" : escape(authority.substring(0, at + 1));
        try {
            return user + IDN.toASCII(name, IDN.ALLOW_UNASSIGNED) + escape(rest);
        } catch (IllegalArgumentException notAName) {
            return user + escape(name) + escape(rest);
        }
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'F') || (b >= 'a' && b <= 'f');
    }
}
