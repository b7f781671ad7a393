package io.loa.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Who the client of a request is: the address it came from, unless that is a proxy or CDN the site trusts
 * ({@code trustedProxies} in site.yaml), in which case the proxies' own account of it, {@code Forwarded}
 * (RFC 7239) or else {@code X-Forwarded-For}. That list is read from the right, the hop nearest Loa, skipping
 * trusted proxies: the first address that is not one is the client, since anything to its left was written by
 * the client itself and proves nothing. A value that cannot be read ({@code unknown}, an obfuscated
 * {@code _hidden}, garbage) ends the walk at the last trusted hop. Only literals are read, so nothing is looked up.
 * <pre>
 * peer 10.0.0.2 (trusted), X-Forwarded-For: 6.6.6.6, 203.0.113.9, 10.0.0.1 (trusted)  → 203.0.113.9
 * peer 198.51.100.4 (not trusted), X-Forwarded-For: 203.0.113.9                    → 198.51.100.4
 * </pre>
 */
public final class TrustedProxies {

    /** Enough for a client and the proxies of any real path; the rest of a longer list is not read. */
    private static final int MAX_HOPS = 32;

    private final List<AddressBlock> blocks;

    private TrustedProxies(List<AddressBlock> blocks) {
        this.blocks = blocks;
    }

    /** @param blocks addresses ({@code 192.0.2.7}) and CIDR blocks ({@code 10.0.0.0/8}), as the config checked them */
    public static TrustedProxies of(List<String> blocks) {
        List<AddressBlock> parsed = new ArrayList<>();
        for (String block : blocks) {
            String cidr = block.contains("/") ? block : block + (block.contains(":") ? "/128" : "/32");
            parsed.add(AddressBlock.of(cidr));
        }
        return new TrustedProxies(List.copyOf(parsed));
    }

    /**
     * The client's address, whichever layer serves the request: with no proxy trusted, the peer, without a look at
     * the headers.
     *
     * @param peer the address the connection came from
     * @param headers every value of a request header, by its name
     */
    public String client(String peer, Function<String, List<String>> headers) {
        return blocks.isEmpty() ? peer : client(peer, headers.apply("Forwarded"), headers.apply("X-Forwarded-For"));
    }

    /**
     * The client's address.
     *
     * @param peer the address the connection came from
     * @param forwarded every {@code Forwarded} header of the request, in order
     * @param forwardedFor every {@code X-Forwarded-For} header of the request, in order
     */
    public String client(String peer, List<String> forwarded, List<String> forwardedFor) {
        if (blocks.isEmpty() || !trusted(bytes(peer))) {
            return peer;
        }
        List<String> hops = forwarded.isEmpty() ? forwardedForHops(forwardedFor) : forwardedHops(forwarded);
        String client = peer;
        for (int i = hops.size() - 1; i >= 0 && i >= hops.size() - MAX_HOPS; i--) {
            String hop = hops.get(i);
            byte[] address = bytes(hop);
            if (address == null) {
                return client;
            }
            client = hop;
            if (!trusted(address)) {
                return client;
            }
        }
        return client;
    }

    private boolean trusted(byte[] address) {
        if (address == null) {
            return false;
        }
        for (AddressBlock block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The {@code for} of each element of {@code Forwarded: for=192.0.2.60;proto=http, for="[2001:db8::1]:80"}. */
    static List<String> forwardedHops(List<String> headers) {
        List<String> hops = new ArrayList<>();
        for (String header : headers) {
            for (String element : split(header, ',')) {
                String node = "";
                for (String pair : split(element, ';')) {
                    int equals = pair.indexOf('=');
                    if (equals > 0
                            && pair.substring(0, equals)
                                    .strip()
                                    .toLowerCase(Locale.ROOT)
                                    .equals("for")) {
                        node = unquote(pair.substring(equals + 1).strip());
                    }
                }
                hops.add(address(node));
            }
        }
        return hops;
    }

    /** The entries of {@code X-Forwarded-For: 203.0.113.9, 10.0.0.1}, ports dropped. */
    static List<String> forwardedForHops(List<String> headers) {
        List<String> hops = new ArrayList<>();
        for (String header : headers) {
            for (String entry : header.split(",", -1)) {
                hops.add(address(entry.strip()));
            }
        }
        return hops;
    }

    /** The address of a node: {@code [2001:db8::1]:4711} → {@code 2001:db8::1}, {@code 192.0.2.1:80} → the address. */
    private static String address(String node) {
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            return close < 0 ? "" : node.substring(1, close);
        }
        int colon = node.indexOf(':');
        return colon >= 0 && colon == node.lastIndexOf(':') ? node.substring(0, colon) : node;
    }

    /** Splits at {@code separator} outside quoted strings (RFC 9110, 5.6.4). */
    private static List<String> split(String value, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\' && i + 1 < value.length()) {
                part.append(c).append(value.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(part.toString().strip());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString().strip());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                c = value.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The bytes of an IP literal (an IPv6 one may be in brackets), or null for anything else. */
    static byte[] bytes(String literal) {
        if (literal == null) {
            return null;
        }
        String bare =
                literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
        if (bare.isEmpty() || bare.length() > 45) {
            return null;
        }
        boolean colon = false;
        for (int i = 0; i < bare.length(); i++) {
            char c = bare.charAt(i);
            colon |= c == ':';
            if (Character.digit(c, 16) < 0 && c != '.' && c != ':') {
                return null;
            }
        }
        if (!colon) {
            return ipv4(bare);
        }
        try {
            // Only hex digits, dots and colons: a literal, never a name to look up.
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            address[i] = (byte) value;
        }
        return address;
    }
}
