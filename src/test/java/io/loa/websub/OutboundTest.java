package io.loa.websub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loa.net.HostLookup;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hub's HTTP client connects through the address guard ({@link io.loa.net.PublicAddresses}). */
class OutboundTest {

    @Test
    void theHubsHttpClientReachesAPrivateAddressOnlyWhenAllowed() throws Exception {
        try (Subscriber subscriber = new Subscriber();
                Outbound strict = new Outbound("strict", false, "test", HostLookup.SYSTEM);
                Outbound lenient = new Outbound("lenient", true, "test", HostLookup.SYSTEM)) {
            URI callback = URI.create(subscriber.callback("connect") + "&hub.challenge=c");
            assertThatThrownBy(() -> strict.get(callback).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(UnknownHostException.class);
            assertThat(subscriber.verificationsSoFar())
                    .as("nothing reached the subscriber")
                    .isEmpty();
            assertThat(lenient.get(callback).get(5, TimeUnit.SECONDS).body()).isEqualTo("c");
            assertThat(subscriber.verificationsSoFar()).hasSize(1);
        }
    }
}
