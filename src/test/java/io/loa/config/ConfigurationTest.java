package io.loa.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server and every command read their settings and site one way: the environment overrides feeds-config. */
class ConfigurationTest {

    private static final String CONFIG =
            Path.of(System.getProperty("loa.projectDir", "."), "feeds-config").toString();

    @Test
    void theEnvironmentOverridesTheSitesBaseUrlAndCallbackRule() {
        Configuration configuration = Configuration.load(
                Map.of("LOA_BASE_URL", "https://tin.example.vn/", "LOA_WEBSUB_ALLOW_PRIVATE_CALLBACKS", "true"),
                "--config",
                CONFIG);

        assertThat(configuration.settings().configDir()).isEqualTo(Path.of(CONFIG));
        assertThat(configuration.site().baseUrl()).isEqualTo("https://tin.example.vn");
        assertThat(configuration.site().websub().allowPrivateCallbacks()).isTrue();
    }

    @Test
    void withoutTheEnvironmentTheSiteIsAsConfiguredOnTheSettingsPort() {
        Configuration configuration = Configuration.load(Map.of("LOA_PORT", "8181"), "--config", CONFIG);

        assertThat(configuration.site().baseUrl()).isEqualTo("http://localhost:8181");
        assertThat(configuration.site().websub().allowPrivateCallbacks()).isFalse();
    }

    @Test
    void aBaseUrlLoaCannotUseIsRefusedByName() {
        assertThatThrownBy(() -> Configuration.load(Map.of("LOA_BASE_URL", "ftp://feeds"), "--config", CONFIG))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("LOA_BASE_URL");
    }
}
