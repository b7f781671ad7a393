package io.loa.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which addresses Loa's outbound requests reach when private ones are not allowed: judged when a URL is named
 * and again on every connection, so a name that resolves somewhere else the second time reaches nothing private.
 * Every case is decided without connecting anywhere.
 */
class PublicAddressesTest {

    @ParameterizedTest(name = "{0} ({1}) is refused")
    @CsvSource(delimiter = '|', textBlock = """
            0.0.0.0                              | unspecified
            0.1.2.3                              | this network
            10.1.2.3                             | private
            172.16.0.1                           | private
            172.31.255.254                       | private
            192.168.1.1                          | private
            100.64.0.1                           | carrier-grade NAT
            100.127.255.254                      | carrier-grade NAT
            127.0.0.1                            | loopback
            127.255.255.254                      | loopback
            169.254.169.254                      | link-local, a cloud's metadata service
            192.0.0.8                            | IETF protocol assignments
            192.0.2.1                            | documentation
            198.51.100.7                         | documentation
            203.0.113.9                          | documentation
            198.18.0.1                           | benchmarking
            198.19.255.254                       | benchmarking
            192.88.99.1                          | 6to4 relay
            224.0.0.1                            | multicast
            239.255.255.250                      | multicast
            240.0.0.1                            | reserved
            255.255.255.255                      | broadcast
            ::                                   | unspecified
            ::1                                  | loopback
            fe80::1                              | link-local
            fec0::1                              | site-local
            fc00::1                              | unique local
            fd12:3456::1                         | unique local
            fd00:ec2::254                        | unique local, a cloud's IPv6 metadata service
            ff02::1                              | multicast
            100::1                               | discard-only
            ::ffff:10.0.0.1                      | IPv4-mapped private
            ::ffff:127.0.0.1                     | IPv4-mapped loopback
            ::ffff:169.254.169.254               | IPv4-mapped link-local
            ::10.0.0.1                           | IPv4-compatible private
            ::8.8.8.8                            | IPv4-compatible, deprecated
            64:ff9b::a00:1                       | NAT64 of 10.0.0.1
            64:ff9b::7f00:1                      | NAT64 of 127.0.0.1
            64:ff9b::a9fe:a9fe                   | NAT64 of 169.254.169.254
            64:ff9b:1::808:808                   | local-use NAT64
            64:ff9b:1:ffff::1                    | local-use NAT64
            2002:a00:1::1                        | 6to4 of 10.0.0.1
            2002:808:808::1                      | 6to4 of 8.8.8.8
            2001:0:4136:e378:8000:63bf:3fff:fdd2 | Teredo
            2001:2::1                            | benchmarking
            2001:db8::1                          | documentation
            3fff::1                              | documentation
            """)
    void anAddressOffThePublicInternetIsRefused(String literal, String kind) throws Exception {
        assertThat(PublicAddresses.isPublic(address(literal))).isFalse();
    }

    @ParameterizedTest(name = "{0} ({1}) is public")
    @CsvSource(delimiter = '|', textBlock = """
            8.8.8.8                   | public
            1.1.1.1                   | public
            192.0.32.10               | public, next to the IETF and documentation blocks of 192.0
            172.32.0.1                | public, just past 172.16.0.0/12
            100.128.0.1               | public, just past carrier-grade NAT
            198.20.0.1                | public, just past benchmarking
            223.255.255.254           | public, just below multicast
            ::ffff:8.8.8.8            | IPv4-mapped public
            64:ff9b::808:808          | NAT64 of 8.8.8.8
            2606:4700:4700::1111      | global unicast
            2001:4860:4860::8888      | global unicast
            2001:200::1               | global unicast, just past the IETF block
            2003::1                   | global unicast, just past 6to4
            """)
    void anAddressOnThePublicInternetIsAllowed(String literal, String kind) throws Exception {
        assertThat(PublicAddresses.isPublic(address(literal))).isTrue();
    }

    @Property
    void aPrivateIpv4AddressIsRefusedInEveryIpv6Form(@ForAll("privateIpv4") byte[] ipv4) throws Exception {
        assertThat(Stream.of(ipv4, mapped(ipv4), nat64(ipv4), compatible(ipv4)).map(PublicAddressesTest::address))
                .noneMatch(PublicAddresses::isPublic);
    }

    @Property
    void theIpv4MappedAndNat64FormsAreJudgedAsTheIpv4TheyCarry(@ForAll("ipv4") byte[] ipv4) {
        boolean judged = PublicAddresses.isPublic(address(ipv4));
        assertThat(PublicAddresses.isPublic(address(mapped(ipv4)))).isEqualTo(judged);
        assertThat(PublicAddresses.isPublic(address(nat64(ipv4)))).isEqualTo(judged);
    }

    @Property
    void every6to4AndLocalNat64AddressIsRefused(@ForAll("ipv6") byte[] ipv6) {
        ByteBuffer.wrap(ipv6).putShort(0, (short) 0x2002);
        assertThat(PublicAddresses.isPublic(address(ipv6))).as("6to4").isFalse();
        ByteBuffer.wrap(ipv6)
                .putShort(0, (short) 0x0064)
                .putShort(2, (short) 0xff9b)
                .putShort(4, (short) 1);
        assertThat(PublicAddresses.isPublic(address(ipv6)))
                .as("local-use NAT64")
                .isFalse();
    }

    @Provide
    Arbitrary<byte[]> privateIpv4() {
        return Arbitraries.oneOf(
                block(10, 0, 8),
                block(172, 16, 12),
                block(192, 168, 16),
                block(127, 0, 8),
                block(100, 64, 10),
                block(169, 254, 16),
                block(0, 0, 8),
                block(198, 18, 15));
    }

    @Provide
    Arbitrary<byte[]> ipv4() {
        return Arbitraries.bytes().array(byte[].class).ofSize(4);
    }

    @Provide
    Arbitrary<byte[]> ipv6() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16);
    }

    /** Every address of the IPv4 block that starts {@code a.b.} and has a prefix of {@code bits}. */
    private static Arbitrary<byte[]> block(int a, int b, int bits) {
        int prefix = a << 24 | b << 16;
        return Arbitraries.integers()
                .between(0, (1 << 32 - bits) - 1)
                .map(host -> ByteBuffer.allocate(4).putInt(prefix | host).array());
    }

    // As a URL is named

    @ParameterizedTest(name = "{0} is the address {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10.1.2.3             | 10.1.2.3
            255.255.255.255      | 255.255.255.255
            [::1]                | 0:0:0:0:0:0:0:1
            [::ffff:10.1.2.3]    | 10.1.2.3
            [64:ff9b::a9fe:a9fe] | 64:ff9b:0:0:0:0:a9fe:a9fe
            """)
    void aHostWrittenAsAnAddressIsReadAsOne(String host, String address) {
        assertThat(PublicAddresses.literal(host))
                .map(InetAddress::getHostAddress)
                .hasValue(address);
    }

    @ParameterizedTest(name = "{0} is left to the resolver")
    @CsvSource(textBlock = """
            callback.example
            localhost
            256.1.2.3
            127.1
            0x7f.0.0.1
            2130706433
            10.1.2.3.example
            """)
    void aHostNameOrAnAddressWrittenOtherwiseIsLeftToTheResolver(String host) {
        assertThat(PublicAddresses.literal(host)).isEmpty();
    }

    // At connection time

    @Test
    void aNameThatResolvesPrivatelyByTheTimeOfTheConnectionIsNotConnectedTo() throws Exception {
        SocketAddressResolver rebinding = answering(List.of("93.184.215.14"), List.of("10.0.0.1", "::1"));
        SocketAddressResolver connecting = PublicAddresses.publicOnly(rebinding, "");
        assertThat(resolve(connecting, "callback.example"))
                .extracting(a -> a.getAddress().getHostAddress())
                .containsExactly("93.184.215.14");
        assertThatThrownBy(() -> resolve(connecting, "callback.example"))
                .hasCauseInstanceOf(UnknownHostException.class)
                .hasMessageContaining("callback.example has only private addresses");
    }

    @Test
    void aNameWithPublicAndPrivateAddressesIsConnectedToOnlyItsPublicOnes() throws Exception {
        SocketAddressResolver connecting = PublicAddresses.publicOnly(
                answering(
                        List.of("10.0.0.1", "2606:4700:4700::1111", "64:ff9b::a9fe:a9fe", "8.8.8.8", "2002:a00:1::1")),
                "");
        assertThat(resolve(connecting, "callback.example"))
                .extracting(a -> a.getAddress().getHostAddress())
                .containsExactly("2606:4700:4700:0:0:0:0:1111", "8.8.8.8");
    }

    @Test
    void onlyTheHostsTheOperatorNamedMayBePrivate() throws Exception {
        SocketAddressResolver connecting = PublicAddresses.publicOrNamed(
                answering(List.of("127.0.0.1"), List.of("10.1.2.3"), List.of("169.254.169.254"), List.of("::1")),
                Set.of("Varnish.internal", "[::1]"),
                "");
        assertThat(resolve(connecting, "varnish.internal"))
                .extracting(a -> a.getAddress().getHostAddress())
                .containsExactly("127.0.0.1");
        assertThatThrownBy(() -> resolve(connecting, "cache.example"))
                .hasCauseInstanceOf(UnknownHostException.class)
                .hasMessageContaining("cache.example has only private addresses");
        assertThatThrownBy(() -> resolve(connecting, "varnish.internal.example"))
                .hasCauseInstanceOf(UnknownHostException.class);
        assertThat(resolve(connecting, "::1"))
                .extracting(a -> a.getAddress().isLoopbackAddress())
                .containsExactly(true);
    }

    /** A resolver whose answers for any name change from one call to the next, as DNS can. */
    @SafeVarargs
    private static SocketAddressResolver answering(List<String>... answers) {
        Deque<List<String>> next = new ArrayDeque<>();
        for (List<String> answer : answers) {
            next.add(answer);
        }
        return (host, port, context, promise) -> promise.succeeded(next.remove().stream()
                .map(literal -> new InetSocketAddress(address(literal), port))
                .toList());
    }

    private static List<InetSocketAddress> resolve(SocketAddressResolver resolver, String host) throws Exception {
        Promise.Completable<List<InetSocketAddress>> resolved = new Promise.Completable<>();
        resolver.resolve(host, 443, Map.of(), resolved);
        return resolved.get(5, TimeUnit.SECONDS);
    }

    // Addresses in every form

    /** The address a literal names, keeping IPv6 forms of IPv4 addresses, which a resolver may hand out, as IPv6. */
    private static InetAddress address(String literal) {
        try {
            InetAddress parsed = InetAddress.getByName(literal);
            // The JDK reads ::ffff:a.b.c.d as the IPv4 address a.b.c.d.
            return literal.contains(":") && parsed instanceof Inet4Address
                    ? address(mapped(parsed.getAddress()))
                    : parsed;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return bytes.length == 4 ? InetAddress.getByAddress(bytes) : Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] mapped(byte[] ipv4) {
        return ipv6(0, 0, 0, 0, 0, 0xffff, ipv4);
    }

    private static byte[] nat64(byte[] ipv4) {
        return ipv6(0x64, 0xff9b, 0, 0, 0, 0, ipv4);
    }

    private static byte[] compatible(byte[] ipv4) {
        return ipv6(0, 0, 0, 0, 0, 0, ipv4);
    }

    /** An IPv6 address of six 16-bit groups followed by an IPv4 address. */
    private static byte[] ipv6(int g0, int g1, int g2, int g3, int g4, int g5, byte[] ipv4) {
        ByteBuffer out = ByteBuffer.allocate(16);
        for (int group : new int[] {g0, g1, g2, g3, g4, g5}) {
            out.putShort((short) group);
        }
        return out.put(ipv4).array();
    }
}
