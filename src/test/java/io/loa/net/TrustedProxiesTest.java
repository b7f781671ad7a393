package io.loa.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Who the client is behind proxies: only trusted ones are believed, and the chain is read from the right. */
class TrustedProxiesTest {

    private static final TrustedProxies NONE = TrustedProxies.of(List.of());
    private static final TrustedProxies CDN = TrustedProxies.of(List.of("10.0.0.0/8", "192.0.2.7", "2001:db8::/32"));

    @Test
    void withoutTrustedProxiesTheHeadersAreIgnored() {
        assertThat(NONE.client("198.51.100.4", List.of("for=203.0.113.9"), List.of("203.0.113.9")))
                .isEqualTo("198.51.100.4");
    }

    @Test
    void aSpoofedHeaderFromAnUntrustedPeerIsIgnored() {
        assertThat(CDN.client("198.51.100.4", List.of(), List.of("203.0.113.9")))
                .isEqualTo("198.51.100.4");
        assertThat(CDN.client("198.51.100.4", List.of("for=203.0.113.9"), List.of()))
                .isEqualTo("198.51.100.4");
    }

    @Test
    void aTrustedPeerNamesTheClient() {
        assertThat(CDN.client("10.1.2.3", List.of(), List.of("203.0.113.9"))).isEqualTo("203.0.113.9");
        assertThat(CDN.client("192.0.2.7", List.of(), List.of("203.0.113.9"))).isEqualTo("203.0.113.9");
    }

    @Test
    void theChainIsWalkedFromTheRightSkippingTrustedHops() {
        // The leftmost entry is whatever the client wrote: only the first untrusted hop from the right counts.
        assertThat(CDN.client("10.0.0.2", List.of(), List.of("6.6.6.6, 203.0.113.9, 10.0.0.1")))
                .isEqualTo("203.0.113.9");
        assertThat(CDN.client("10.0.0.2", List.of(), List.of("6.6.6.6, 203.0.113.9", "10.0.0.1")))
                .isEqualTo("203.0.113.9");
        assertThat(CDN.client("10.0.0.2", List.of(), List.of("10.0.0.3, 10.0.0.1")))
                .isEqualTo("10.0.0.3");
    }

    @Test
    void forwardedIsReadWithItsQuotingPortsAndIpv6Forms() {
        assertThat(CDN.client("10.0.0.2", List.of("for=192.0.2.60;proto=http;by=203.0.113.43"), List.of()))
                .isEqualTo("192.0.2.60");
        assertThat(CDN.client("10.0.0.2", List.of("For=\"[2001:db9:cafe::17]:4711\""), List.of()))
                .isEqualTo("2001:db9:cafe::17");
        assertThat(CDN.client("10.0.0.2", List.of("for=\"203.0.113.9:47011\", for=10.0.0.1"), List.of()))
                .isEqualTo("203.0.113.9");
        assertThat(CDN.client("10.0.0.2", List.of("for=203.0.113.9", "for=\"[2001:db8::1]\""), List.of()))
                .isEqualTo("203.0.113.9");
        // Forwarded is the standard: when both are sent, it decides.
        assertThat(CDN.client("10.0.0.2", List.of("for=203.0.113.9"), List.of("198.51.100.1")))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void aValueThatIsNotAnAddressEndsTheWalkAtTheLastTrustedHop() {
        assertThat(CDN.client("10.0.0.2", List.of("for=unknown"), List.of())).isEqualTo("10.0.0.2");
        assertThat(CDN.client("10.0.0.2", List.of("for=_hidden, for=10.0.0.1"), List.of()))
                .isEqualTo("10.0.0.1");
        assertThat(CDN.client("10.0.0.2", List.of(), List.of("evil.example"))).isEqualTo("10.0.0.2");
        assertThat(CDN.client("10.0.0.2", List.of(), List.of("203.0.113.9, ,"))).isEqualTo("10.0.0.2");
        assertThat(CDN.client("10.0.0.2", List.of("for=\"[2001:db8::1"), List.of()))
                .isEqualTo("10.0.0.2");
        assertThat(CDN.client("10.0.0.2", List.of(";;;,,,=\"\\"), List.of())).isEqualTo("10.0.0.2");
        assertThat(CDN.client("10.0.0.2", List.of(), List.of("999.1.1.1"))).isEqualTo("10.0.0.2");
    }

    @Test
    void anIpv6PeerInBracketsIsRecognised() {
        assertThat(CDN.client("[2001:db8::5]", List.of(), List.of("203.0.113.9")))
                .isEqualTo("203.0.113.9");
    }
}
