package io.loa.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Operators' settings: a value Loa cannot run with stops the start with a message naming the variable. */
class SettingsTest {

    @ParameterizedTest
    @CsvSource({
        "LOA_SYNC_MILLIS, 0",
        "LOA_SYNC_MILLIS, -250",
        "LOA_SYNC_MILLIS, 3600001",
        "LOA_SYNC_MILLIS, 1.5",
        "LOA_PORT, 65536",
        "LOA_PORT, -1",
        "LOA_PORT, http",
        "LOA_MAX_BODY_BYTES, 0",
        "LOA_MAX_BODY_BYTES, 99999999999",
        "LOA_CACHE_BYTES, -1",
        "LOA_CACHE_BYTES, 64MB"
    })
    void aNumberOutOfItsRangeIsRefusedByName(String name, String value) {
        assertThatThrownBy(() -> Settings.from(Map.of(name, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(name + " must be a whole number from ")
                .hasMessageEndingWith(", not \"" + value + "\"");
    }

    @ParameterizedTest
    @CsvSource({
        "LOA_SYNC_MILLIS, 1",
        "LOA_SYNC_MILLIS, 3600000",
        "LOA_PORT, 0",
        "LOA_CACHE_BYTES, 0",
        "LOA_MAX_BODY_BYTES, ' 2048 '"
    })
    void theEdgesOfEachRangeAreTaken(String name, String value) {
        Settings settings = Settings.from(Map.of(name, value));
        long taken = switch (name) {
            case "LOA_SYNC_MILLIS" -> settings.syncMillis();
            case "LOA_PORT" -> settings.port();
            case "LOA_CACHE_BYTES" -> settings.cacheBytes();
            default -> settings.maxBodyBytes();
        };
        assertThat(taken).isEqualTo(Long.parseLong(value.strip()));
    }

    @ParameterizedTest
    @CsvSource({"192.0.2.1", "'127.0.0.1 ; rm'", "not an address", "http://127.0.0.1", "2001:db8::1"})
    void anAddressThatIsNotOneOfThisMachineIsRefusedByName(String value) {
        assertThatThrownBy(() -> Settings.from(Map.of("LOA_BIND", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LOA_BIND must be an IP address or a host name of this machine, not \"" + value + "\"");
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1", "::1", "[::1]", "0.0.0.0", "localhost", "' 127.0.0.2 '"})
    void anAddressOfThisMachineIsTaken(String value) throws Exception {
        assertThat(Settings.from(Map.of("LOA_BIND", value)).bind()).contains(InetAddress.getByName(value.strip()));
    }

    @Test
    void withoutAnAddressLoaListensOnEveryInterface() {
        assertThat(Settings.from(Map.of("LOA_BIND", " ")).bind()).isEmpty();
        assertThat(Settings.from(Map.of()).bind()).isEmpty();
    }
}
