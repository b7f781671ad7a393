package io.loa.config;

import java.util.List;

/**
 * What Loa believes of its clients and asks of them.
 *
 * @param trustedProxies the addresses and CIDR blocks ({@code 10.0.0.0/8}, {@code 2001:db8::/32},
 *     {@code 192.0.2.7}) of the proxies and CDNs in front of Loa: only a request from one of them has its client
 *     taken from {@code Forwarded} or {@code X-Forwarded-For}; none by default, so such headers are ignored
 * @param politePolling true refuses, with 429 and {@code Retry-After}, a client that fetches the same feed
 *     unconditionally more often than the feed's {@code maxAge} allows; off by default, since behind a proxy that is
 *     not listed in {@code trustedProxies} every reader of one app would look like one client
 * @param pollingGrace the fetches a client may make beyond that before it is refused
 */
public record Clients(List<String> trustedProxies, boolean politePolling, int pollingGrace) {

    public static final Clients DEFAULT = new Clients(List.of(), false, 3);

    public Clients {
        trustedProxies = List.copyOf(trustedProxies);
    }
}
