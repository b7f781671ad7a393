package io.loa.transfer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loa.net.HostLookup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where the import's fetches of links may connect, decided before any connection: a name that resolves to an
 * address off the public internet is refused, and the lookup is the only thing done. The addresses here are
 * loopback ones, so that even a guard that let them through would send nothing off this machine; which other
 * ranges the guard refuses is {@link io.loa.net.PublicAddresses}'s to decide, and PublicAddressesTest's to show.
 */
class DocumentsTest {

    @ParameterizedTest(name = "a link to a name resolving to {0} is refused")
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"})
    void aLinkToANameResolvingToAPrivateAddressIsRefusedWithoutConnecting(String address) throws Exception {
        HostLookup resolvesPrivately = host -> List.of(InetAddress.getByName(address));
        try (Documents documents = new Documents(
                URI.create("http://feeds.example/all.atom"),
                ImportLimits.DEFAULT,
                new StopRequest(),
                resolvesPrivately)) {
            assertThatThrownBy(() -> documents.linked(URI.create("http://metadata.example/latest/meta-data")))
                    .isInstanceOf(IOException.class)
                    .hasMessage("http://metadata.example/latest/meta-data: "
                            + "metadata.example has only private addresses, which links and redirects do not lead to"
                            + " without --allow-private-links");
        }
    }
}
