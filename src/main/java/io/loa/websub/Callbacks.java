package io.loa.websub;

import io.loa.fault.Forbidden;
import io.loa.fault.Malformed;
import io.loa.net.PublicAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** What a subscriber's callback URL must be, and how it is named where others may read it. */
final class Callbacks {

    static final int MAX_LENGTH = 2000;
    /** DNS's own limit; it also keeps the callback's origin within its column (websub_*.origin, 300). */
    static final int MAX_HOST_LENGTH = 253;

    private static final String UNREADABLE = "(unreadable callback)";

    private Callbacks() {}

    /**
     * The callback, checked without a network lookup: an absolute http or https URL without credentials or
     * fragment, whose host, when written as an IP address, is public unless {@code allowPrivate}. A host name is
     * resolved only when the hub calls it, on the hub's own threads and within a deadline (see
     * {@link io.loa.net.GuardedClient}): a slow DNS zone named in a few hundred requests would otherwise hold every
     * thread that serves feeds. That call reaches public addresses only (see {@link PublicAddresses}).
     */
    static String check(String callback, boolean allowPrivate) {
        if (callback.length() > MAX_LENGTH) {
            throw invalid("is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(callback);
        } catch (URISyntaxException e) {
            throw invalid("is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw invalid("must be an absolute http or https URL");
        }
        if (uri.getHost().length() > MAX_HOST_LENGTH) {
            throw invalid("names a host longer than " + MAX_HOST_LENGTH + " characters");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("must not carry credentials (user:password@); a secret in its path or query does the same");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("must not have a fragment (#…)");
        }
        Optional<InetAddress> address = PublicAddresses.literal(uri.getHost());
        if (!allowPrivate && address.isPresent() && !PublicAddresses.isPublic(address.get())) {
            throw new Forbidden("hub.callback is " + address.get().getHostAddress()
                    + ", which is not a public internet address (it is loopback, private, link-local or reserved); "
                    + "this hub does not call those.");
        }
        return callback;
    }

    /** The callback as logs show it: scheme, host and port; the path and query may hold the subscriber's secrets. */
    static String redacted(String callback) {
        return origin(callback) + "/…";
    }

    /** Scheme, host and port: what the HTTP client keeps one connection pool for. */
    static String origin(String callback) {
        try {
            URI uri = new URI(callback);
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), null, null, null).toString();
        } catch (URISyntaxException e) {
            return UNREADABLE;
        }
    }

    /**
     * The host in lower case, without port: what the hub bounds requests and subscriptions by, so that one host
     * gains nothing by spreading its callbacks over ports (V6__websub_client_and_callback_host.sql reads the
     * same from an origin).
     */
    static String host(String callback) {
        try {
            String host = new URI(callback).getHost();
            return host == null ? UNREADABLE : host.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return UNREADABLE;
        }
    }

    private static Malformed invalid(String problem) {
        return new Malformed("hub.callback " + problem + ".");
    }
}
