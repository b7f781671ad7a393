package io.loa.webhook;

import static io.loa.db.schema.Tables.WEBHOOK_ARTICLE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.ingest.ArticleView;
import io.loa.stream.ChangeKind;
import io.loa.stream.ClusterConsumer;
import io.loa.stream.ConsumerName;
import io.loa.stream.StreamEntry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Record2;

/**
 * Turns the stream's changes into webhook messages, once for the cluster: for each change, the event it is
 * ({@code article.published} …), its payload in the Standard Webhooks shape, fixed now, and a message to every
 * enabled endpoint that wants that event for the article's sections, all in the transaction that moves the cursor.
 * <pre>
 * {"type": "article.updated", "timestamp": "2025-03-01T02:00:00Z", "data": {…the article as the API shows it…}}
 * {"type": "article.unpublished", "timestamp": "…", "data": {"id": "…", "slug": "…", "reason": "deleted",
 *                                                             "article": {…its last public state…}}}
 * </pre>
 */
public final class WebhookConsumer implements ClusterConsumer {

    /** A payload larger than this goes without the article's body, which the receiver can fetch from the API. */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    private final MessageQueue queue;
    private final DeliveryCounts counts;
    private final Function<String, Optional<ArticleView>> articles;
    private final ObjectMapper json;

    /** @param articles the article as the API shows it now, by id, if it exists and is not deleted */
    public WebhookConsumer(
            MessageQueue queue,
            DeliveryCounts counts,
            Function<String, Optional<ArticleView>> articles,
            ObjectMapper json) {
        this.queue = queue;
        this.counts = counts;
        this.articles = articles;
        this.json = json;
    }

    @Override
    public ConsumerName name() {
        return ConsumerName.WEBHOOKS;
    }

    @Override
    public void accept(List<StreamEntry> entries, DSLContext tx) {
        List<Endpoint> endpoints = EndpointStore.list(tx);
        for (StreamEntry entry : entries) {
            if (entry.articleId() == null) {
                continue; // the end of a bulk load (an import), which names no article: webhooks tell of none
            }
            message(entry, tx).ifPresent(message -> {
                for (Endpoint endpoint : endpoints) {
                    if (endpoint.wants(message.event(), message.sections())
                            && !queue.enqueue(
                                    tx,
                                    endpoint.id(),
                                    entry.position(),
                                    entry.articleId(),
                                    message.event(),
                                    message.payload())) {
                        counts.count(MessageQueue.Settled.QUEUE_FULL);
                    }
                }
            });
        }
    }

    /** A change as webhooks tell it: its event, the sections it is in, and the body every endpoint is sent. */
    private record Message(EventType event, Set<String> sections, String payload) {}

    /**
     * The message of one change, remembering what it told of the article (whether it is public, and how it was
     * last seen in public) for the changes after it. Empty for an article no longer there to describe.
     */
    private Optional<Message> message(StreamEntry entry, DSLContext tx) {
        Optional<Record2<Boolean, String>> told = tx.select(WEBHOOK_ARTICLE.PUBLIC, WEBHOOK_ARTICLE.LAST_VIEW)
                .from(WEBHOOK_ARTICLE)
                .where(WEBHOOK_ARTICLE.ARTICLE_ID.eq(entry.articleId()))
                .fetchOptional();
        boolean wasPublic = told.map(Record2::value1).orElse(false);
        Optional<JsonNode> lastPublic = told.map(Record2::value2).map(this::tree);
        EventType event = switch (entry.kind()) {
            case PUBLISHED, RELEASED -> EventType.PUBLISHED;
            case RESTORED -> wasPublic ? EventType.UPDATED : EventType.PUBLISHED;
            case UPDATED -> EventType.UPDATED;
            case WITHDRAWN, DELETED -> EventType.UNPUBLISHED;
            case SCHEDULED -> EventType.SCHEDULED;
            case RESCHEDULED -> EventType.RESCHEDULED;
        };
        if (event == EventType.UNPUBLISHED) {
            remember(tx, entry.articleId(), false, null);
            ObjectNode data = json.createObjectNode()
                    .put("id", entry.articleId())
                    .put("slug", entry.slug())
                    .put("reason", entry.kind() == ChangeKind.DELETED ? "deleted" : "withdrawn");
            lastPublic.ifPresent(view -> data.set("article", view));
            Set<String> sections = lastPublic.map(WebhookConsumer::sections).orElseGet(() -> sectionsOf(entry));
            return Optional.of(new Message(event, sections, payload(event, entry, data)));
        }
        Optional<ArticleView> article = articles.apply(entry.articleId());
        if (article.isEmpty()) {
            return Optional.empty();
        }
        ArticleView view = article.get();
        JsonNode data = json.valueToTree(view);
        if (event == EventType.PUBLISHED || event == EventType.UPDATED) {
            remember(tx, entry.articleId(), true, data.toString());
        }
        String payload = payload(event, entry, data);
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            payload = payload(
                    event,
                    entry,
                    ((ObjectNode) data.deepCopy()).put("bodyOmitted", true).without("body"));
        }
        return Optional.of(new Message(event, new LinkedHashSet<>(view.sections()), payload));
    }

    private String payload(EventType event, StreamEntry entry, JsonNode data) {
        ObjectNode body = json.createObjectNode()
                .put("type", event.type())
                .put("timestamp", entry.at().toString());
        body.set("data", data);
        return body.toString();
    }

    private static void remember(DSLContext tx, String articleId, boolean isPublic, String view) {
        if (view == null) {
            tx.update(WEBHOOK_ARTICLE)
                    .set(WEBHOOK_ARTICLE.PUBLIC, isPublic)
                    .where(WEBHOOK_ARTICLE.ARTICLE_ID.eq(articleId))
                    .execute();
            return;
        }
        tx.insertInto(WEBHOOK_ARTICLE)
                .set(WEBHOOK_ARTICLE.ARTICLE_ID, articleId)
                .set(WEBHOOK_ARTICLE.PUBLIC, isPublic)
                .set(WEBHOOK_ARTICLE.LAST_VIEW, view)
                .onConflict(WEBHOOK_ARTICLE.ARTICLE_ID)
                .doUpdate()
                .set(WEBHOOK_ARTICLE.PUBLIC, isPublic)
                .set(WEBHOOK_ARTICLE.LAST_VIEW, view)
                .execute();
    }

    private static Set<String> sections(JsonNode view) {
        Set<String> sections = new LinkedHashSet<>();
        view.path("sections").forEach(section -> sections.add(section.asText()));
        return sections;
    }

    /** The sections among the feeds a change touched: the feeds named without a kind ({@code author/…}). */
    private static Set<String> sectionsOf(StreamEntry entry) {
        Set<String> sections = new LinkedHashSet<>();
        entry.feeds().stream().filter(feed -> !feed.contains("/")).forEach(sections::add);
        return sections;
    }

    private JsonNode tree(String stored) {
        try {
            return json.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored webhook view is not JSON", e);
        }
    }
}
