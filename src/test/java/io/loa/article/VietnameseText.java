package io.loa.article;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of realistic Vietnamese text for property tests: every vowel with every tone mark, đ/Đ and the
 * look-alike Ð/ð, words in any case, punctuation, typographic and straight quotes, numbers, emoji and, where
 * asked for, the control characters that slip into pasted text.
 */
final class VietnameseText {

    /** A word and its spelling without marks in lower-case ASCII: "Đồng" is spelled "dong". */
    record Word(String text, String ascii) {}

    private record Letter(String text, String ascii) {}

    private static final List<Letter> VOWELS = List.of(
            new Letter("a", "a"),
            new Letter("ă", "a"),
            new Letter("â", "a"),
            new Letter("e", "e"),
            new Letter("ê", "e"),
            new Letter("i", "i"),
            new Letter("o", "o"),
            new Letter("ô", "o"),
            new Letter("ơ", "o"),
            new Letter("u", "u"),
            new Letter("ư", "u"),
            new Letter("y", "y"));

    // No tone, then huyền, sắc, hỏi, ngã, nặng as combining marks; NFC composes each vowel with them into one letter.
    private static final List<String> TONES = List.of("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323");

    private static final List<Letter> CONSONANTS = Stream.concat(
                    "bcdfghjklmnpqrstvwxz"
                            .chars()
                            .mapToObj(c -> new Letter(Character.toString(c), Character.toString(c))),
                    Stream.of(new Letter("đ", "d"), new Letter("ð", "d"))) // U+00F0, typed for đ by some keyboards
            .toList();

    private static final List<Word> REAL_WORDS = List.of(
            new Word("Thực", "thuc"),
            new Word("hiện", "hien"),
            new Word("toàn", "toan"),
            new Word("diện", "dien"),
            new Word("đồng", "dong"),
            new Word("bộ", "bo"),
            new Word("hiệu", "hieu"),
            new Word("quả", "qua"),
            new Word("công", "cong"),
            new Word("tác", "tac"),
            new Word("dân", "dan"),
            new Word("vận", "van"),
            new Word("Mỗi", "moi"),
            new Word("thanh", "thanh"),
            new Word("niên", "nien"),
            new Word("Hà", "ha"),
            new Word("Tĩnh", "tinh"),
            new Word("đại", "dai"),
            new Word("sứ", "su"),
            new Word("lịch", "lich"),
            new Word("Vĩ", "vi"),
            new Word("tuyến", "tuyen"),
            new Word("khéo", "kheo"),
            new Word("Đảng", "dang"),
            new Word("nhiệm", "nhiem"),
            new Word("vụ", "vu"),
            new Word("Ủy", "uy"),
            new Word("ban", "ban"),
            new Word("trưởng", "truong"),
            new Word("hội", "hoi"),
            new Word("nghị", "nghi"),
            new Word("xây", "xay"),
            new Word("dựng", "dung"),
            new Word("thời", "thoi"),
            new Word("sự", "su"),
            new Word("Nguyễn", "nguyen"),
            new Word("Trương", "truong"),
            new Word("Huyền", "huyen"),
            new Word("ngưỡng", "nguong"),
            new Word("khuyến", "khuyen"),
            new Word("ðoàn", "doan"),
            new Word("Ðình", "dinh"));

    private static final List<String> SEPARATORS = List.of(
            " ", " ", " ", " ", ", ", ": ", "; ", ". ", "? ", "! ", "... ", "… ", " - ", " – ", " — ", "/", " & ", " “",
            "” ", " \"", "\" ", " ‘", "’ ", " '", "' ", " (", ") ", " [", "] ", " «", "» ", "\n", "\t", " % ", " # ",
            " @ ", "\u00A0");

    private static final List<String> NUMBERS = List.of("17", "2023", "27/12", "1.743", "250", "0", "100%", "3,5");

    private static final List<String> EMOJI =
            List.of("😀", "🇻🇳", "❤️", "👍🏽", "🎉", "👨‍👩‍👧", "🏖️", "☕", "🌾", "🔥");

    // C0 and C1 controls, and the invisible BOM and zero-width space that come along with pasted text.
    private static final List<String> CONTROLS = List.of(
            "\u0000", "\u0001", "\u0007", "\b", "\u000B", "\f", "\u001B", "\u001F", "\u007F", "\u0080", "\u0085",
            "\u009F", "\r", "\uFEFF", "\u200B");

    private VietnameseText() {}

    /** Single words, real ones such as "Đảng" or "ngưỡng" and made-up ones such as "ƯỚC" or "ðẵq", in any case. */
    static Arbitrary<Word> words() {
        Arbitrary<Letter> vowels = Combinators.combine(Arbitraries.of(VOWELS), Arbitraries.of(TONES))
                .as((vowel, tone) ->
                        new Letter(Normalizer.normalize(vowel.text() + tone, Normalizer.Form.NFC), vowel.ascii()));
        Arbitrary<Letter> letters =
                Arbitraries.frequencyOf(Tuple.of(3, vowels), Tuple.of(2, Arbitraries.of(CONSONANTS)));
        Arbitrary<Word> madeUp = letters.list()
                .ofMinSize(1)
                .ofMaxSize(7)
                .map(word -> new Word(
                        word.stream().map(Letter::text).collect(Collectors.joining()),
                        word.stream().map(Letter::ascii).collect(Collectors.joining())));
        Arbitrary<Word> anyWord = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(REAL_WORDS)), Tuple.of(1, madeUp));
        return Combinators.combine(anyWord, Arbitraries.of(WordCase.values()))
                .as((word, wordCase) -> wordCase.apply(word));
    }

    /** What stands between words: white space, punctuation, quotes of both kinds; never a letter or a digit. */
    static Arbitrary<String> separators() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(SEPARATORS)),
                Tuple.of(1, Arbitraries.of(EMOJI).map(emoji -> " " + emoji + " ")),
                Tuple.of(1, Arbitraries.of(CONTROLS)));
    }

    /** Titles and sentences with words, numbers, emoji, punctuation, quotes and stray control characters. */
    static Arbitrary<String> titles() {
        return text(
                Arbitraries.frequencyOf(
                        Tuple.of(12, words().map(Word::text)),
                        Tuple.of(2, Arbitraries.of(NUMBERS)),
                        Tuple.of(1, Arbitraries.of(EMOJI)),
                        Tuple.of(1, Arbitraries.of(CONTROLS))),
                Arbitraries.of(SEPARATORS));
    }

    /** Like {@link #titles()} but only with characters XML allows, in NFC: text nothing should need to change. */
    static Arbitrary<String> cleanTitles() {
        return text(
                Arbitraries.frequencyOf(
                        Tuple.of(12, words().map(Word::text)),
                        Tuple.of(2, Arbitraries.of(NUMBERS)),
                        Tuple.of(1, Arbitraries.of(EMOJI))),
                Arbitraries.of(SEPARATORS));
    }

    /** Text with no Latin letter and no digit at all: punctuation, quotes, emoji, marks on nothing, controls. */
    static Arbitrary<String> withoutLettersOrDigits() {
        return Arbitraries.oneOf(
                        Arbitraries.of(SEPARATORS),
                        Arbitraries.of(EMOJI),
                        Arbitraries.of(CONTROLS),
                        Arbitraries.of(TONES),
                        Arbitraries.of("-", "--", "_", "“”", "\"\"", "''", "«»", "…", "¿", "¡", "§", "©", "®", "€"))
                .list()
                .ofMaxSize(10)
                .map(parts -> String.join("", parts));
    }

    private static Arbitrary<String> text(Arbitrary<String> tokens, Arbitrary<String> separators) {
        return Combinators.combine(tokens, separators)
                .as((token, separator) -> token + separator)
                .list()
                .ofMinSize(1)
                .ofMaxSize(14)
                .map(parts -> String.join("", parts).strip());
    }

    private enum WordCase {
        LOWER,
        CAPITALISED,
        UPPER;

        Word apply(Word word) {
            String text = word.text();
            return new Word(
                    switch (this) {
                        case LOWER -> text;
                        case CAPITALISED -> text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
                        case UPPER -> text.toUpperCase(Locale.ROOT);
                    },
                    word.ascii());
        }
    }
}
