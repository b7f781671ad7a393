package io.loa.ingest;

import io.loa.article.Article;
import io.loa.article.ArticleBounds;
import io.loa.article.BodyHtml;
import io.loa.article.Image;
import io.loa.article.SafeText;
import io.loa.article.Slugs;
import io.loa.article.Tag;
import io.loa.config.Site;
import io.loa.fault.FieldError;
import io.loa.fault.Invalid;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns an editor's {@link ArticleInput} into a clean {@link Article}, or rejects it with every offending field
 * named. Texts are made XML-safe and NFC; the body goes through the HTML sanitizer.
 */
public final class ArticleValidator {

    /** Publisher ids: URL- and URI-safe, so the GUID built from one is always a valid URI. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0," + (ArticleBounds.ID - 1) + "}");

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    private static final Pattern IMAGE_TYPE = Pattern.compile("image/[a-z0-9.+-]+");

    private final Site site;

    public ArticleValidator(Site site) {
        this.site = site;
    }

    public Article validate(String id, ArticleInput in) {
        List<FieldError> errors = new ArrayList<>();
        if (!ID.matcher(id).matches()) {
            errors.add(new FieldError(
                    "id",
                    "must be 1 to " + ArticleBounds.ID
                            + " letters, digits, '.', '_', '~' or '-', starting with a letter or digit"));
        } else if (in.id() != null && !in.id().equals(id)) {
            errors.add(new FieldError("id", "is \"" + in.id() + "\" in the body but \"" + id + "\" in the URL"));
        }
        String title = text(errors, "title", in.title(), ArticleBounds.TITLE, true);
        String summary = text(errors, "summary", in.summary(), ArticleBounds.SUMMARY, false);
        String author = text(errors, "author", in.author(), ArticleBounds.AUTHOR, false);
        String source = text(errors, "source", in.source(), ArticleBounds.SOURCE, false);
        String url = url(errors, "url", in.url(), false);
        String language = language(errors, in.language());
        List<String> sections = sections(errors, in.sections());
        List<Tag> tags = tags(errors, in.tags());
        Instant published = time(errors, "published", in.published(), true);
        Instant updated = time(errors, "updated", in.updated(), false);
        if (published != null && updated != null && updated.isBefore(published)) {
            errors.add(new FieldError("updated", "is before published"));
        }
        List<Image> images = images(errors, in.images());
        List<String> related = related(errors, id, in.related());
        String body = BodyHtml.clean(in.body(), url != null ? url : site.url("/"));
        if (body != null && body.length() > ArticleBounds.BODY) {
            errors.add(new FieldError("body", "is longer than " + ArticleBounds.BODY + " characters once cleaned"));
        }
        if (!errors.isEmpty()) {
            throw new Invalid(errors);
        }
        return new Article(
                id, null, title, summary, body, author, source, url, language, published, updated, sections, tags,
                images, related);
    }

    private static String text(List<FieldError> errors, String field, String value, int max, boolean required) {
        String clean = SafeText.plain(value);
        if (clean == null || clean.isEmpty()) {
            if (required) {
                errors.add(new FieldError(field, value == null ? "is required" : "must not be empty"));
            }
            return null;
        }
        if (clean.length() > max) {
            errors.add(new FieldError(field, "is longer than " + max + " characters"));
        }
        return clean;
    }

    private static String url(List<FieldError> errors, String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        String url = value.strip();
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                errors.add(new FieldError(field, "must be an absolute http or https URL"));
            } else if (url.length() > ArticleBounds.URL) {
                errors.add(new FieldError(field, "is longer than " + ArticleBounds.URL + " characters"));
            }
        } catch (URISyntaxException e) {
            errors.add(new FieldError(field, "is not a valid URL: " + e.getReason()));
        }
        return url;
    }

    private String language(List<FieldError> errors, String value) {
        if (value == null || value.isBlank()) {
            return site.language();
        }
        if (!LANGUAGE.matcher(value.strip()).matches() || value.strip().length() > ArticleBounds.LANGUAGE) {
            errors.add(new FieldError(
                    "language",
                    "must be a language tag such as vi or en-US, of at most " + ArticleBounds.LANGUAGE
                            + " characters"));
        }
        return value.strip();
    }

    private List<String> sections(List<FieldError> errors, List<String> values) {
        if (values == null || values.isEmpty()) {
            errors.add(new FieldError("sections", "must name at least one section"));
            return List.of();
        }
        if (values.size() > ArticleBounds.SECTIONS) {
            errors.add(new FieldError("sections", "may name at most " + ArticleBounds.SECTIONS + " sections"));
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String slug = values.get(i);
            if (slug == null || !site.hasSection(slug)) {
                errors.add(new FieldError("sections[" + i + "]", "is not a configured section: " + quoted(slug)));
            } else if (!seen.add(slug)) {
                errors.add(new FieldError("sections[" + i + "]", "names " + quoted(slug) + " twice"));
            }
        }
        return values;
    }

    /** Tags as written, one per slug: "Biển Đông" and "biển đông" are one tag, the first spelling kept. */
    private static List<Tag> tags(List<FieldError> errors, List<String> values) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > ArticleBounds.TAGS) {
            errors.add(new FieldError("tags", "may hold at most " + ArticleBounds.TAGS + " tags"));
            return List.of();
        }
        Map<String, Tag> bySlug = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            String field = "tags[" + i + "]";
            String label = text(errors, field, values.get(i), ArticleBounds.TAG, true);
            if (label == null || label.length() > ArticleBounds.TAG) {
                continue;
            }
            Optional<String> slug = Slugs.ofName(label);
            if (slug.isEmpty()) {
                errors.add(
                        new FieldError(field, "has no letter or digit to name its feed and page by: " + quoted(label)));
            } else {
                bySlug.putIfAbsent(slug.get(), new Tag(slug.get(), label));
            }
        }
        return List.copyOf(bySlug.values());
    }

    private Instant time(List<FieldError> errors, String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(value.strip()).toInstant().truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException withoutOffset) {
            try {
                // A time without an offset is the site's local time, as newsrooms write it.
                at = LocalDateTime.parse(value.strip())
                        .atZone(site.zone())
                        .toInstant()
                        .truncatedTo(ChronoUnit.SECONDS);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError(
                        field, "is not an ISO 8601 date-time such as 2023-12-27T08:30:00+07:00: " + quoted(value)));
                return null;
            }
        }
        if (!ArticleBounds.dates(at)) {
            errors.add(new FieldError(
                    field,
                    "must be from " + ArticleBounds.EARLIEST + " to " + ArticleBounds.LATEST + ": " + quoted(value)));
            return null;
        }
        return at;
    }

    private static List<Image> images(List<FieldError> errors, List<ArticleInput.ImageInput> values) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > ArticleBounds.IMAGES) {
            errors.add(new FieldError("images", "may hold at most " + ArticleBounds.IMAGES + " images"));
            return List.of();
        }
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String at = "images[" + i + "]";
            ArticleInput.ImageInput in = values.get(i);
            if (in == null) {
                errors.add(new FieldError(at, "must be an object with at least a url"));
                continue;
            }
            String url = url(errors, at + ".url", in.url(), true);
            dimension(errors, at + ".width", in.width());
            dimension(errors, at + ".height", in.height());
            String type = in.type() == null || in.type().isBlank()
                    ? null
                    : in.type().strip().toLowerCase(Locale.ROOT);
            if (type != null && (!IMAGE_TYPE.matcher(type).matches() || type.length() > ArticleBounds.IMAGE_TYPE)) {
                errors.add(new FieldError(
                        at + ".type",
                        "must be an image media type such as image/jpeg, of at most " + ArticleBounds.IMAGE_TYPE
                                + " characters"));
            }
            images.add(new Image(
                    url,
                    text(errors, at + ".caption", in.caption(), ArticleBounds.CAPTION, false),
                    text(errors, at + ".alt", in.alt(), ArticleBounds.ALT, false),
                    text(errors, at + ".credit", in.credit(), ArticleBounds.CREDIT, false),
                    in.width(),
                    in.height(),
                    type));
        }
        return images;
    }

    private static void dimension(List<FieldError> errors, String field, Integer value) {
        if (value != null && (value < 1 || value > ArticleBounds.IMAGE_DIMENSION)) {
            errors.add(new FieldError(field, "must be from 1 to " + ArticleBounds.IMAGE_DIMENSION + " pixels"));
        }
    }

    private static List<String> related(List<FieldError> errors, String id, List<String> values) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > ArticleBounds.RELATED) {
            errors.add(new FieldError("related", "may name at most " + ArticleBounds.RELATED + " articles"));
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String other = values.get(i);
            if (other == null || !ID.matcher(other).matches()) {
                errors.add(new FieldError("related[" + i + "]", "is not an article id: " + quoted(other)));
            } else if (other.equals(id)) {
                errors.add(new FieldError("related[" + i + "]", "is the article itself"));
            } else if (!seen.add(other)) {
                errors.add(new FieldError("related[" + i + "]", "names " + quoted(other) + " twice"));
            }
        }
        return values;
    }

    private static String quoted(String value) {
        if (value == null) {
            return "null";
        }
        return "\"" + (value.length() > 100 ? value.substring(0, 100) + "…" : value) + "\"";
    }
}
