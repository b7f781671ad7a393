package io.loa.config;

/**
 * IndexNow (indexnow.org): search engines told of every article page published, changed or removed. Off unless
 * site.yaml has an {@code indexNow:} block.
 *
 * @param endpoint where URLs are posted, {@link #DEFAULT_ENDPOINT} unless set
 * @param key the site's key: 8 to 128 letters, digits and dashes, served at {@code /{key}.txt}
 */
public record IndexNowConfig(String endpoint, String key) {

    /** The shared endpoint, which passes every submission on to every search engine taking part. */
    public static final String DEFAULT_ENDPOINT = "https://api.indexnow.org/indexnow";

    /** Where the key is served, on the site: {@code /{key}.txt}. */
    public String keyPath() {
        return "/" + key + ".txt";
    }
}
