package io.loa.article;

import static io.loa.db.schema.Tables.ARTICLE;
import static io.loa.db.schema.Tables.ARTICLE_IMAGE;
import static io.loa.db.schema.Tables.ARTICLE_TAG;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.jooq.Field;

/**
 * What an article may hold, decided once: every text's length is read from its column in {@code db/}, so validation
 * and schema cannot disagree; the rest is chosen here so that anything accepted renders in every format.
 */
public final class ArticleBounds {

    public static final int ID = length(ARTICLE.ID);
    public static final int TITLE = length(ARTICLE.TITLE);
    public static final int SUMMARY = length(ARTICLE.SUMMARY);
    public static final int AUTHOR = length(ARTICLE.AUTHOR);
    public static final int SOURCE = length(ARTICLE.SOURCE);
    public static final int URL = length(ARTICLE.URL);
    public static final int LANGUAGE = length(ARTICLE.LANGUAGE);
    public static final int CAPTION = length(ARTICLE_IMAGE.CAPTION);
    public static final int ALT = length(ARTICLE_IMAGE.ALT);
    public static final int CREDIT = length(ARTICLE_IMAGE.CREDIT);
    public static final int IMAGE_TYPE = length(ARTICLE_IMAGE.MEDIA_TYPE);
    public static final int TAG = length(ARTICLE_TAG.LABEL);

    /**
     * Characters of cleaned body HTML: ten times a long feature story. Larger bodies would make a feed of 50
     * items tens of megabytes that no cache holds, so every poll would render it again.
     */
    public static final int BODY = 256 * 1024;

    public static final int SECTIONS = 20;
    public static final int TAGS = 20;
    public static final int IMAGES = 100;
    public static final int RELATED = 50;
    public static final int IMAGE_DIMENSION = 100_000;

    /**
     * The first instant an article may carry. Earlier years meet the Julian calendar of the date formats feed
     * libraries use (before 1582) and local mean time offsets with seconds (Hà Tĩnh before 1911), which neither
     * RFC 822 nor RFC 3339 can write.
     */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

    /** The last: a day short of year 10000, so that every zone still writes it with four digits. */
    public static final Instant LATEST = Instant.parse("9999-12-30T23:59:59Z");

    private ArticleBounds() {}

    /** Whether {@code at} is a date an article may carry. */
    public static boolean dates(Instant at) {
        return !at.isBefore(EARLIEST) && !at.isAfter(LATEST);
    }

    /** Whether a month may hold articles at all: archives of other months need no database to say no. */
    public static boolean dates(YearMonth month) {
        return !month.isBefore(YearMonth.from(EARLIEST.atOffset(ZoneOffset.MIN)))
                && !month.isAfter(YearMonth.from(LATEST.atOffset(ZoneOffset.MAX)));
    }

    private static int length(Field<String> column) {
        return column.getDataType().length();
    }
}
