package io.loa.config;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The fediverse (ActivityPub): the site, each section and each author as accounts that Mastodon and its kin can
 * follow. site.yaml's {@code fediverse:}; on by default.
 *
 * @param enabled whether the accounts exist at all
 * @param handleHost the host of every handle ({@code @thoi-su@baohatinh.vn}); empty: the base URL's host. Set it
 *     when handles should name another host than the one Loa is served on (Mastodon's LOCAL_DOMAIN beside
 *     WEB_DOMAIN): that host must then send {@code /.well-known/webfinger} on to Loa
 * @param siteHandle the site's own handle; empty: the first label of the base URL's host ({@code baohatinh})
 * @param objectType what an article is to the fediverse: an {@code Article}, which Mastodon shows as its title and
 *     a link, or a {@code Note}, which it shows in full (title, lead and link)
 */
public record FediverseConfig(
        boolean enabled, Optional<String> handleHost, Optional<String> siteHandle, ObjectType objectType) {

    /** The ActivityStreams type an article is published as. */
    public enum ObjectType {
        ARTICLE("Article"),
        NOTE("Note");

        private final String type;

        ObjectType(String type) {
            this.type = type;
        }

        /** The type as ActivityStreams spells it. */
        public String type() {
            return type;
        }

        /** The type spelled {@code name}, in any case; empty when there is none. */
        static Optional<ObjectType> named(String name) {
            for (ObjectType t : values()) {
                if (t.type.equalsIgnoreCase(name)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    public static final FediverseConfig DEFAULT =
            new FediverseConfig(true, Optional.empty(), Optional.empty(), ObjectType.ARTICLE);

    /** The host every handle names: the configured one, else that of {@code baseUrl}, in lower case. */
    public String handleHost(String baseUrl) {
        return handleHost.orElseGet(() -> authority(baseUrl)).toLowerCase(Locale.ROOT);
    }

    /** The site's handle: the configured one, else the first label of {@code baseUrl}'s host. */
    public String siteHandle(String baseUrl) {
        return siteHandle.orElseGet(() -> {
            String host = URI.create(baseUrl).getHost().toLowerCase(Locale.ROOT);
            int dot = host.indexOf('.');
            return dot < 0 ? host : host.substring(0, dot);
        });
    }

    /** The host and, when it has one, the port of a URL: what WebFinger names an account's domain by. */
    private static String authority(String baseUrl) {
        URI uri = URI.create(baseUrl);
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }
}
