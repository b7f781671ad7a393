package io.loa.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.article.Article;
import io.loa.article.ArticleBackup;
import io.loa.article.StoredArticle;
import io.loa.config.Site;
import io.loa.ingest.ArticleInput;
import io.loa.ingest.ArticleView;
import io.loa.stream.FeedChanges;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loa's own backup: JSON Lines. A header line, then one line per article in the API's shape plus what the API does
 * not show ({@code created}, {@code changed}, {@code deleted}, and {@code tombstone}: when it left the feeds after
 * it was shown), then one line per feed with when it last changed. Restored into an empty database it gives the
 * same feeds, byte for byte.
 *
 * <p>Version 1 had no {@code tombstone}: reading it, a deletion after the article's publication date is taken for
 * its tombstone, one before it (of an article never shown) for none, and a withdrawal is lost.
 */
final class Backup {

    static final String FORMAT = "loa-export";
    static final int VERSION = 2;
    /** The versions a restore reads. */
    static final Set<Integer> READS = Set.of(1, VERSION);

    private static final int PAGE = 500;

    private Backup() {}

    /** Writes everything the store holds; returns how many articles. */
    static int write(ArticleBackup store, FeedChanges feedChanges, Site site, ObjectMapper json, Writer out)
            throws IOException {
        BufferedWriter lines = new BufferedWriter(out);
        ObjectNode header = json.createObjectNode()
                .put("format", FORMAT)
                .put("version", VERSION)
                .put("site", site.baseUrl())
                .put("exported", Instant.now().toString());
        line(json, lines, header);
        int count = 0;
        String after = null;
        for (List<StoredArticle> page = store.storedAfter(null, PAGE);
                !page.isEmpty();
                page = store.storedAfter(after, PAGE)) {
            for (StoredArticle stored : page) {
                line(json, lines, articleLine(json, stored, site));
                count++;
            }
            after = page.get(page.size() - 1).article().id();
        }
        for (Map.Entry<String, Instant> feed : feedChanges.times().entrySet()) {
            line(
                    json,
                    lines,
                    json.createObjectNode()
                            .put("feed", feed.getKey())
                            .put("changed", feed.getValue().toString()));
        }
        lines.flush();
        return count;
    }

    private static ObjectNode articleLine(ObjectMapper json, StoredArticle stored, Site site) {
        ObjectNode line = json.valueToTree(ArticleView.of(stored.article(), stored.scheduled(), site));
        line.put("created", stored.created().toString())
                .put("changed", stored.changed().toString());
        if (stored.deleted() != null) {
            line.put("deleted", stored.deleted().toString());
        }
        if (stored.tombstone() != null) {
            line.put("tombstone", stored.tombstone().toString());
        }
        return line;
    }

    private static void line(ObjectMapper json, BufferedWriter out, JsonNode node) throws IOException {
        out.write(json.writeValueAsString(node));
        out.write('\n');
    }

    /** True when a parsed first line is a backup's header. */
    static boolean isHeader(JsonNode first) {
        return FORMAT.equals(first.path("format").asText());
    }

    /**
     * One article line, split into what an editor could send and what only a restore sets.
     *
     * @param version the backup's: a line of version 1 has no tombstone of its own
     */
    record ArticleLine(
            ArticleInput input,
            String slug,
            boolean scheduled,
            Instant created,
            Instant changed,
            Instant deleted,
            Instant tombstone,
            int version) {

        static ArticleLine of(ObjectMapper json, ObjectNode line, int version) throws IOException {
            Instant created = Instant.parse(line.remove("created").asText());
            Instant changed = Instant.parse(line.remove("changed").asText());
            Instant deleted = instant(line.remove("deleted"));
            Instant tombstone = instant(line.remove("tombstone"));
            boolean scheduled = line.path("scheduled").asBoolean();
            if (tombstone != null && deleted == null && !scheduled) {
                throw new IllegalArgumentException("an article shown in the feeds has no tombstone");
            }
            return new ArticleLine(
                    json.treeToValue(line, ArticleInput.class),
                    line.path("slug").asText(),
                    scheduled,
                    created,
                    changed,
                    deleted,
                    tombstone,
                    version);
        }

        private static Instant instant(JsonNode value) {
            return value == null ? null : Instant.parse(value.asText());
        }

        /** The article to write back: {@code validated} is the line's article as an editor's put would store it. */
        StoredArticle stored(Article validated) {
            Instant gone = tombstone;
            if (version == 1) {
                // Deleted after its date, it had been shown; before it, never.
                gone = deleted != null && !validated.published().isAfter(deleted) ? deleted : null;
            }
            return new StoredArticle(validated.withSlug(slug), scheduled, created, changed, deleted, gone);
        }
    }
}
