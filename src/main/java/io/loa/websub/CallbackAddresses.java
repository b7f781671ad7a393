package io.loa.websub;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Keeps the hub's outbound requests off the publisher's own network: a callback may name any host, but Loa only
 * connects to public addresses, unless the operator allows private ones. The check runs on the addresses a
 * connection actually uses, so a name that resolves differently the second time (DNS rebinding) gains nothing.
 */
final class CallbackAddresses {

    private CallbackAddresses() {}

    /** True for an address on the public internet. */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            // fc00::/7 unique local; IPv4-mapped and IPv4-compatible forms are judged as the IPv4 they carry.
            if ((first & 0xfe) == 0xfc) {
                return false;
            }
            if (isZero(b, 0, 10) && ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff || isZero(b, 10, 12))) {
                return ipv4IsPublic(b[12] & 0xff, b[13] & 0xff);
            }
            return true;
        }
        return address instanceof Inet4Address && ipv4IsPublic(b[0] & 0xff, b[1] & 0xff);
    }

    /** The IPv4 blocks the JDK does not classify: "this network", carrier-grade NAT, benchmarking, reserved. */
    private static boolean ipv4IsPublic(int a, int b) {
        return !(a == 0 || a == 10 || a == 127 || a >= 224
                || a == 100 && (b & 0xc0) == 64
                || a == 169 && b == 254
                || a == 172 && (b & 0xf0) == 16
                || a == 192 && b == 168
                || a == 192 && b == 0
                || a == 198 && (b & 0xfe) == 18);
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Resolves a host now, as a subscription request is checked: the first private address it finds, if any. */
    static Optional<InetAddress> firstPrivate(String host) throws UnknownHostException {
        for (InetAddress address : InetAddress.getAllByName(host)) {
            if (!isPublic(address)) {
                return Optional.of(address);
            }
        }
        return Optional.empty();
    }

    /** A resolver that hands the HTTP client public addresses only, and fails for a host that has none. */
    static SocketAddressResolver publicOnly(SocketAddressResolver resolver) {
        return (host, port, context, promise) -> resolver.resolve(host, port, context, new Promise<>() {
            @Override
            public void succeeded(List<InetSocketAddress> addresses) {
                List<InetSocketAddress> allowed = addresses.stream().filter(a -> isPublic(a.getAddress())).toList();
                if (allowed.isEmpty()) {
                    promise.failed(new UnknownHostException(host + " has only private addresses, which callbacks may not use"));
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
