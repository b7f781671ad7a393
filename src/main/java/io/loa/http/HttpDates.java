package io.loa.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads HTTP dates as clients really send them: IMF-fixdate, RFC 850 and asctime (RFC 9110, 5.6.7), with or
 * without a weekday, a wrong weekday, or a numeric offset instead of GMT. Anything else is no date at all.
 */
final class HttpDates {

    private static final Pattern WEEKDAY = Pattern.compile("^[A-Za-z]+,?\\s+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final List<DateTimeFormatter> FORMATS = List.of(
            format("d MMM uuuu HH:mm:ss[ xx][ zzz]", false),
            format("d-MMM-", true),
            format("MMM d HH:mm:ss uuuu", false));

    /** IMF-fixdate, the one format HTTP dates are sent in: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private HttpDates() {}

    static Optional<Instant> parse(String value) {
        if (value == null || value.length() > 100) {
            return Optional.empty();
        }
        String text =
                SPACES.matcher(WEEKDAY.matcher(value.strip()).replaceFirst("")).replaceAll(" ");
        for (DateTimeFormatter format : FORMATS) {
            try {
                return Optional.of(format.parse(text, Instant::from));
            } catch (DateTimeException e) {
                // try the next format
            }
        }
        return Optional.empty();
    }

    private static DateTimeFormatter format(String pattern, boolean rfc850) {
        DateTimeFormatterBuilder builder =
                new DateTimeFormatterBuilder().parseCaseInsensitive().parseLenient();
        if (rfc850) {
            // "06-Nov-94 08:49:37 GMT": a two-digit year is read as the nearest one in the past century window.
            builder.appendPattern(pattern)
                    .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
                    .appendPattern(" HH:mm:ss[ zzz]");
        } else {
            builder.appendPattern(pattern);
        }
        return builder.toFormatter(Locale.US)
                .withResolverStyle(ResolverStyle.STRICT)
                .withZone(ZoneOffset.UTC);
    }
}
