package io.loa.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** How search cuts and folds words: letters and digits of every script, Vietnamese without its marks. */
class ArticleWordsTest {

    @Test
    void vietnameseIsFoldedAsReadersTypeIt() {
        assertThat(ArticleWords.split("Dân vận khéo, Đảng và Ðảng"))
                .containsExactly("dan", "van", "kheo", "dang", "va", "dang");
    }

    @Test
    void lettersAndDigitsOfOtherScriptsAreWordsKeepingTheirMarks() {
        assertThat(ArticleWords.split("Москва, Ελλάδα 2024!")).containsExactly("москва", "ελλάδα", "2024");
        assertThat(ArticleWords.split("सरकार की योजना")).containsExactly("सरकार", "की", "योजना");
        assertThat(ArticleWords.split("がっこう")).containsExactly("が", "っ", "こ", "う");
        assertThat(ArticleWords.split("が")).isNotEqualTo(ArticleWords.split("か"));
    }

    @Test
    void eachHanOrKanaCharacterIsAWord() {
        assertThat(ArticleWords.split("越南与中国合作。")).containsExactly("越", "南", "与", "中", "国", "合", "作");
        assertThat(ArticleWords.split("東京タワー")).containsExactly("東", "京", "タ", "ワ", "ー");
    }

    @Test
    void fullWidthFormsAreTheirAsciiOnesAndSharpSIsSs() {
        assertThat(ArticleWords.split("ＬＯＡ２０２４ ａｂｃ")).containsExactly("loa2024", "abc");
        assertThat(ArticleWords.split("Straße STRASSE ẞ")).containsExactly("strasse", "strasse", "ss");
    }

    @Test
    void wordsAreCountedInCharactersNotUtf16Units() {
        // A Gothic letter is two UTF-16 units.
        String forty = "\uD800\uDF30".repeat(40);
        assertThat(ArticleWords.split(forty + " " + forty + "x")).containsExactly(forty);
        assertThat(ArticleWords.split("😀 😀😀 dan")).containsExactly("dan");
    }

    /** A query typed as the words an article was indexed by finds it: splitting what split gave changes nothing. */
    @Property
    void splittingTheWordsAgainGivesTheSameWords(@ForAll String text) {
        List<String> words = ArticleWords.split(text);
        assertThat(ArticleWords.split(String.join(" ", words))).isEqualTo(words);
        assertThat(words)
                .allSatisfy(word ->
                        assertThat(word.codePointCount(0, word.length())).isBetween(1, ArticleWords.MAX_WORD));
    }
}
