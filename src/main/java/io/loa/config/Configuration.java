package io.loa.config;

import java.util.Map;

/**
 * The settings and the site they configure, loaded one way for the server and every command: the {@code LOA_*}
 * environment and {@code --config DIR} give the {@link Settings}; the feeds-config directory they name gives the
 * {@link Site}, with the settings that override it applied ({@code LOA_BASE_URL}, else site.yaml's, else
 * {@code http://localhost:PORT}; {@code LOA_WEBSUB_ALLOW_PRIVATE_CALLBACKS}). A value Loa cannot run with is
 * refused by name, with an {@link IllegalArgumentException} or a {@link io.loa.config.ConfigException}.
 */
public record Configuration(Settings settings, Site site) {

    /** @param args the command line's flags, of which {@code --config DIR} is read */
    public static Configuration load(Map<String, String> env, String... args) {
        return of(Settings.from(env, args));
    }

    public static Configuration of(Settings settings) {
        Site configured = ConfigLoader.withBaseUrl(
                new ConfigLoader().load(settings.configDir()), settings.baseUrl(), settings.port());
        Site site = settings.allowPrivateCallbacks()
                .map(allow -> configured.withWebSub(configured.websub().withAllowPrivateCallbacks(allow)))
                .orElse(configured);
        return new Configuration(settings, site);
    }
}
