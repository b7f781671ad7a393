package io.loa.article;

import static org.assertj.core.api.Assertions.assertThat;

import io.loa.article.VietnameseText.Word;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SlugsTest {

    private static final String SLUG = "[a-z0-9]+(-[a-z0-9]+)*";

    /** Words, each after a separator (never empty, never a letter or digit), and what ends the title. */
    private record Title(List<String> separators, List<Word> words, String end) {

        String text() {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < words.size(); i++) {
                text.append(separators.get(i)).append(words.get(i).text());
            }
            return text.append(end).toString();
        }

        String fullSlug() {
            return words.stream().map(Word::ascii).collect(Collectors.joining("-"));
        }
    }

    @Test
    void spellsASampleTitleWithoutMarks() {
        assertThat(Slugs.of("Thực hiện toàn diện, đồng bộ và hiệu quả công tác dân vận"))
                .isEqualTo("thuc-hien-toan-dien-dong-bo-va-hieu-qua-cong-tac-dan-van");
    }

    @Test
    void dropsStraightQuotesAroundAWord() {
        assertThat(Slugs.of("Mỗi thanh niên Hà Tĩnh là một \"đại sứ\" du lịch"))
                .isEqualTo("moi-thanh-nien-ha-tinh-la-mot-dai-su-du-lich");
    }

    @Test
    void dropsTypographicQuotesAroundAWord() {
        assertThat(Slugs.of("Mỗi thanh niên Hà Tĩnh là một “đại sứ” du lịch"))
                .isEqualTo("moi-thanh-nien-ha-tinh-la-mot-dai-su-du-lich");
    }

    @Test
    void keepsDigitsAndDropsTheQuestionMark() {
        assertThat(Slugs.of("Vì sao là Vĩ tuyến 17?")).isEqualTo("vi-sao-la-vi-tuyen-17");
    }

    @Test
    void turnsDWithStrokeIntoD() {
        assertThat(Slugs.of("Đảng đoàn")).isEqualTo("dang-doan");
    }

    @Test
    void turnsTheLookAlikeEthIntoD() {
        assertThat(Slugs.of("\u00D0ảng \u00F0oàn")).isEqualTo("dang-doan");
    }

    @Test
    void fallsBackToBaiVietWhenNothingIsLeft() {
        assertThat(Slugs.of("“…” 🇻🇳 ?!")).isEqualTo("bai-viet");
        assertThat(Slugs.of("")).isEqualTo("bai-viet");
    }

    @Property
    void alwaysGivesLowerCaseAsciiWordsJoinedBySingleHyphens(@ForAll("titles") String title) {
        assertThat(Slugs.of(title)).matches(SLUG).hasSizeLessThanOrEqualTo(80);
    }

    @Property
    void givesTheFallbackForTitlesWithoutLettersOrDigits(@ForAll("withoutLettersOrDigits") String title) {
        assertThat(Slugs.of(title)).isEqualTo("bai-viet");
    }

    @Property
    void spellsEachWordWithoutMarksJoinedByHyphens(@ForAll("shortTitles") Title title) {
        assertThat(Slugs.of(title.text())).isEqualTo(title.fullSlug());
    }

    @Property
    void keepsAsManyWholeWordsAsFitInEightyCharacters(@ForAll("longTitles") Title title) {
        String expected = title.words().get(0).ascii();
        for (Word word : title.words().subList(1, title.words().size())) {
            String longer = expected + "-" + word.ascii();
            if (longer.length() > 80) {
                break;
            }
            expected = longer;
        }
        assertThat(Slugs.of(title.text())).isEqualTo(expected);
    }

    @Property
    void isIdempotent(@ForAll("titles") String title) {
        String slug = Slugs.of(title);
        assertThat(Slugs.of(slug)).isEqualTo(slug);
    }

    @Property
    void doesNotDependOnNormalisationFormOrCase(@ForAll("titles") String title) {
        String slug = Slugs.of(title);
        assertThat(Slugs.of(Normalizer.normalize(title, Normalizer.Form.NFC))).isEqualTo(slug);
        assertThat(Slugs.of(Normalizer.normalize(title, Normalizer.Form.NFD))).isEqualTo(slug);
        assertThat(Slugs.of(title.toUpperCase(Locale.ROOT))).isEqualTo(slug);
        assertThat(Slugs.of(Normalizer.normalize(title.toUpperCase(Locale.ROOT), Normalizer.Form.NFD)))
                .isEqualTo(slug);
    }

    @Provide
    Arbitrary<String> titles() {
        return VietnameseText.titles();
    }

    @Provide
    Arbitrary<String> withoutLettersOrDigits() {
        return VietnameseText.withoutLettersOrDigits();
    }

    @Provide
    Arbitrary<Title> shortTitles() {
        return titlesOf(1, 8); // at most 8 words of at most 7 letters: never longer than 80 characters
    }

    @Provide
    Arbitrary<Title> longTitles() {
        return titlesOf(12, 40);
    }

    private static Arbitrary<Title> titlesOf(int minWords, int maxWords) {
        return Arbitraries.integers()
                .between(minWords, maxWords)
                .flatMap(n -> Combinators.combine(
                                VietnameseText.separators().list().ofSize(n),
                                VietnameseText.words().list().ofSize(n),
                                VietnameseText.separators().injectNull(0.5))
                        .as((separators, words, end) -> new Title(separators, words, end == null ? "" : end)));
    }
}
