package io.loa.config;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text readers see on pages and in feed titles, in the site's language: read from the bundle
 * {@code messages/loa_<language>.properties} (UTF-8), English when there is none for the language. A newsroom
 * in another language adds its bundle and names the language in its config; no code changes.
 * <p>
 * A text's {@code {0}}, {@code {1}}, … are replaced by its arguments as they are written ({@code String.valueOf}):
 * nothing else in a text is special, so an apostrophe is just an apostrophe.
 */
public final class Messages {

    static final String BUNDLE = "messages.loa";
    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)}");
    /** Properties only, and English where the language has no bundle (rather than the JVM's own locale). */
    private static final ResourceBundle.Control ENGLISH_FALLBACK = new ResourceBundle.Control() {
        @Override
        public List<String> getFormats(String baseName) {
            return FORMAT_PROPERTIES;
        }

        @Override
        public Locale getFallbackLocale(String baseName, Locale locale) {
            return locale.equals(Locale.ENGLISH) ? null : Locale.ENGLISH;
        }
    };

    private final ResourceBundle bundle;
    private final DateTimeFormatter time;

    private Messages(ResourceBundle bundle) {
        this.bundle = bundle;
        this.time = DateTimeFormatter.ofPattern(bundle.getString("time.format"), bundle.getLocale());
    }

    /** The texts of the site's language ({@code language} in {@code site.yaml}). */
    public static Messages of(Site site) {
        return of(site.language());
    }

    /** The texts of a language tag ({@code vi}, {@code en-US}), English for a language that has no bundle. */
    public static Messages of(String language) {
        return new Messages(ResourceBundle.getBundle(BUNDLE, Locale.forLanguageTag(language), ENGLISH_FALLBACK));
    }

    /** The text of {@code key}, with {@code {0}}, {@code {1}}, … replaced by {@code args}. */
    public String text(String key, Object... args) {
        // In one pass, so an argument that holds "{1}" (a search, say) is left as it is.
        return ARGUMENT.matcher(bundle.getString(key)).replaceAll(argument -> {
            int index = Integer.parseInt(argument.group(1));
            return Matcher.quoteReplacement(index < args.length ? String.valueOf(args[index]) : argument.group());
        });
    }

    /** How a time is shown to readers ({@code time.format}, a {@link DateTimeFormatter} pattern). */
    public DateTimeFormatter time() {
        return time;
    }

    /** The language of the bundle the texts come from. */
    public Locale locale() {
        return bundle.getLocale();
    }
}
