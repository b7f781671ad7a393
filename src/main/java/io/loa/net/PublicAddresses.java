package io.loa.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * The one rule for what Loa's outbound requests may reach, the hub's calls and the import's fetches alike: a URL
 * may name any host, but Loa only connects to public addresses, unless the operator allows private ones. The
 * check runs on the addresses a connection actually uses ({@link #publicOnly}), so a name that resolves
 * differently the second time (DNS rebinding) gains nothing; a host written as an IP address can also be judged
 * before anything is sent ({@link #literal}), which needs no lookup.
 */
public final class PublicAddresses {

    /** The IPv4 blocks that are not the public internet (after IANA's special-purpose address registry). */
    private static final List<AddressBlock> NOT_PUBLIC_IPV4 = blocks(
            "0.0.0.0/8", // "this network", 0.0.0.0 among them
            "10.0.0.0/8",
            "172.16.0.0/12",
            "192.168.0.0/16", // private
            "100.64.0.0/10", // carrier-grade NAT
            "127.0.0.0/8", // loopback
            "169.254.0.0/16", // link-local, where cloud machines find their metadata service
            "192.0.0.0/24", // IETF protocol assignments
            "192.0.2.0/24",
            "198.51.100.0/24",
            "203.0.113.0/24", // documentation
            "192.88.99.0/24", // 6to4 relays, which lead into 6to4 addresses (refused below)
            "198.18.0.0/15", // benchmarking
            "224.0.0.0/4", // multicast
            "240.0.0.0/4"); // reserved, with the broadcast address 255.255.255.255

    /**
     * The public IPv6 internet is global unicast; what lies outside it is not (unspecified, loopback, link-local,
     * unique local fc00::/7, multicast, IPv4-compatible ::/96, the local-use NAT64 prefix 64:ff9b:1::/48, whose
     * translator is on the operator's own network) unless it carries an IPv4 address, see {@link #carriedIpv4}.
     */
    private static final AddressBlock GLOBAL_UNICAST = AddressBlock.of("2000::/3");

    private static final List<AddressBlock> NOT_PUBLIC_IPV6 = blocks(
            // IETF protocol assignments: Teredo, which carries an IPv4 address, benchmarking 2001:2::/48, ORCHID
            "2001::/23",
            "2001:db8::/32",
            "3fff::/20", // documentation
            // 6to4 carries an IPv4 address too, but is refused whole rather than judged by it: it is deprecated
            // (RFC 7526), no resolver hands it out, and the relay it goes through may sit on any network.
            "2002::/16");

    /** IPv4-mapped IPv6, which the JDK connects over IPv4; written out, as the JDK reads ::ffff:0:0 as 0.0.0.0. */
    private static final AddressBlock IPV4_MAPPED =
            new AddressBlock(HexFormat.of().parseHex("00000000000000000000ffff00000000"), 96);
    /** The well-known NAT64 prefix, which DNS64 answers with for every IPv4-only host on an IPv6-only network. */
    private static final AddressBlock NAT64 = AddressBlock.of("64:ff9b::/96");

    private static final Pattern DOTTED_QUAD = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private PublicAddresses() {}

    /** True for an address on the public internet. */
    public static boolean isPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return noneContains(NOT_PUBLIC_IPV4, bytes);
        }
        Optional<byte[]> ipv4 = carriedIpv4(bytes);
        if (ipv4.isPresent()) {
            return noneContains(NOT_PUBLIC_IPV4, ipv4.get());
        }
        return GLOBAL_UNICAST.contains(bytes) && noneContains(NOT_PUBLIC_IPV6, bytes);
    }

    /**
     * The IPv4 address an IPv6 address is a way of reaching, which is what it is judged by. NAT64 is decoded rather
     * than refused whole: refusing it would cut a hub on an IPv6-only network off every IPv4-only subscriber, and
     * RFC 6052 (3.1) forbids the well-known prefix in front of addresses that are not public anyway.
     */
    private static Optional<byte[]> carriedIpv4(byte[] ipv6) {
        return IPV4_MAPPED.contains(ipv6) || NAT64.contains(ipv6)
                ? Optional.of(Arrays.copyOfRange(ipv6, 12, 16))
                : Optional.empty();
    }

    private static boolean noneContains(List<AddressBlock> blocks, byte[] address) {
        return blocks.stream().noneMatch(block -> block.contains(address));
    }

    private static List<AddressBlock> blocks(String... cidrs) {
        return Stream.of(cidrs).map(AddressBlock::of).toList();
    }

    /**
     * The address of a host written as an IPv4 address (four decimal numbers) or a bracketed IPv6 address;
     * empty for a host name, or any other way of writing an address. It never asks DNS: an IPv4 address is read
     * here, and the JDK reads a bracketed IPv6 address without a lookup (it refuses a malformed one).
     */
    public static Optional<InetAddress> literal(String host) {
        try {
            if (host.startsWith("[") && host.endsWith("]")) {
                return Optional.of(InetAddress.getByName(host));
            }
            if (!DOTTED_QUAD.matcher(host).matches()) {
                return Optional.empty();
            }
            byte[] bytes = new byte[4];
            String[] parts = host.split("\\.");
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(parts[i]);
                if (part > 255) {
                    return Optional.empty();
                }
                bytes[i] = (byte) part;
            }
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * A resolver like {@link #publicOnly} for every host but those the operator named in the configuration (the
     * caches Loa purges, which usually sit beside it on loopback or a private network): their addresses go through
     * whatever they are. Hosts are compared as written in a URL, without case and without an IPv6 address's
     * brackets; a name that only resolves to one of those addresses is judged like any other.
     */
    public static SocketAddressResolver publicOrNamed(
            SocketAddressResolver resolver, Set<String> operatorHosts, String refusal) {
        Set<String> named = operatorHosts.stream().map(PublicAddresses::hostKey).collect(Collectors.toSet());
        SocketAddressResolver guarded = publicOnly(resolver, refusal);
        return (host, port, context, promise) ->
                (named.contains(hostKey(host)) ? resolver : guarded).resolve(host, port, context, promise);
    }

    private static String hostKey(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.toLowerCase(Locale.ROOT);
    }

    /**
     * The guard of an outbound client ({@link GuardedClient#of}): {@link #publicOnly}, or nothing where the
     * operator allows private addresses (tests, on-premise setups).
     *
     * @param refusal what a refusal says after "HOST has only private addresses"
     */
    public static UnaryOperator<SocketAddressResolver> guard(boolean allowPrivate, String refusal) {
        return allowPrivate ? UnaryOperator.identity() : resolver -> publicOnly(resolver, refusal);
    }

    /**
     * A resolver that hands the HTTP client public addresses only, and fails for a host that has none.
     *
     * @param refusal what the failure says after "HOST has only private addresses", such as who may not use them
     */
    public static SocketAddressResolver publicOnly(SocketAddressResolver resolver, String refusal) {
        return (host, port, context, promise) -> resolver.resolve(host, port, context, new Promise<>() {
            @Override
            public void succeeded(List<InetSocketAddress> addresses) {
                List<InetSocketAddress> allowed =
                        addresses.stream().filter(a -> isPublic(a.getAddress())).toList();
                if (allowed.isEmpty()) {
                    promise.failed(new UnknownHostException(host + " has only private addresses" + refusal));
                } else {
                    promise.succeeded(allowed);
                }
            }

            @Override
            public void failed(Throwable failure) {
                promise.failed(failure);
            }
        });
    }
}
