package io.loa.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every language's bundle says the same things, and a language without one reads English. */
class MessagesTest {

    static final Path BUNDLES = Path.of(System.getProperty("loa.projectDir", "."), "src/main/resources/messages");
    static final Pattern ARGUMENT = Pattern.compile("\\{\\d+}");

    @Test
    void theVietnameseAndTheEnglishBundleHaveTheSameKeys() {
        assertThat(load("loa_vi.properties").keySet())
                .isEqualTo(load("loa_en.properties").keySet())
                .isNotEmpty();
    }

    @Test
    void everyBundleHasEveryKeyOfTheEnglishOneAndNoOtherWithTheSameArguments() throws IOException {
        Properties english = load("loa_en.properties");
        List<Path> bundles;
        try (Stream<Path> files = Files.list(BUNDLES)) {
            bundles = files.filter(f -> f.getFileName().toString().matches("loa_.+\\.properties"))
                    .toList();
        }
        assertThat(bundles).extracting(f -> f.getFileName().toString()).contains("loa_vi.properties");
        for (Path bundle : bundles) {
            Properties texts = load(bundle.getFileName().toString());
            assertThat(new TreeSet<>(texts.stringPropertyNames()))
                    .as(bundle.toString())
                    .isEqualTo(new TreeSet<>(english.stringPropertyNames()));
            TreeMap<String, Set<String>> arguments = new TreeMap<>();
            TreeMap<String, Set<String>> englishArguments = new TreeMap<>();
            for (String key : english.stringPropertyNames()) {
                arguments.put(key, arguments(texts.getProperty(key)));
                englishArguments.put(key, arguments(english.getProperty(key)));
            }
            assertThat(arguments).as(bundle.toString()).isEqualTo(englishArguments);
        }
    }

    @Test
    void theSiteLanguagePicksTheBundleAndAnyOtherLanguageReadsEnglish() {
        assertThat(Messages.of("vi").text("search")).isEqualTo("Tìm kiếm");
        assertThat(Messages.of("vi").locale()).isEqualTo(Locale.forLanguageTag("vi"));
        for (String language : List.of("en", "en-US", "fr", "zh-Hant-TW")) {
            Messages messages = Messages.of(language);
            assertThat(messages.locale()).as(language).isEqualTo(Locale.ENGLISH);
            assertThat(messages.text("search")).as(language).isEqualTo("Search");
        }
    }

    @Test
    void argumentsAreWrittenAsTheyAreAndOnlyOnce() {
        Messages english = Messages.of("en");
        assertThat(english.text("search.feed", "Loa's $1 paper", "{1} \\ it's"))
                .isEqualTo("Loa's $1 paper – Search: {1} \\ it's");
        assertThat(english.text("older.page", 10_000)).isEqualTo("Page 10000: older articles");
    }

    private static Set<String> arguments(String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = ARGUMENT.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    private static Properties load(String name) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(BUNDLES.resolve(name), StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
