package io.loa.indexnow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.config.IndexNowConfig;
import io.loa.config.Site;
import io.loa.dispatch.Destination;
import io.loa.dispatch.Dispatch;
import io.loa.dispatch.DispatchChannel;
import io.loa.dispatch.DispatchQueue.Subject;
import io.loa.dispatch.OutboundRequest;
import io.loa.stream.ClusterConsumer;
import io.loa.stream.ConsumerName;
import io.loa.stream.StreamEntry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Tells search engines of every article page published, changed or taken down, by IndexNow (indexnow.org), once
 * for the cluster: the pages of a batch of changes go in one request, or in several of at most {@link #MAX_URLS}
 * URLs each, through the dispatch queue.
 * <pre>
 * POST https://api.indexnow.org/indexnow
 * Content-Type: application/json; charset=utf-8
 * {"host": "feeds.baohatinh.vn", "key": "…", "keyLocation": "https://feeds.baohatinh.vn/….txt",
 *  "urlList": ["https://feeds.baohatinh.vn/articles/…"]}
 * </pre>
 * An article not yet public (scheduled, rescheduled) is not named: search engines hear of it when it is released.
 */
public final class IndexNowConsumer implements ClusterConsumer {

    /** The protocol takes up to 10,000 URLs a request. */
    static final int MAX_URLS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Room in a body for all but its list of URLs. */
    private static final int ENVELOPE_BYTES = 2_048;

    private final Site site;
    private final Optional<IndexNowConfig> settings;
    private final Dispatch dispatch;

    public IndexNowConsumer(Site site, Dispatch dispatch) {
        this.site = site;
        this.settings = site.indexNow();
        this.dispatch = dispatch;
    }

    @Override
    public ConsumerName name() {
        return ConsumerName.INDEXNOW;
    }

    @Override
    public void accept(List<StreamEntry> entries, DSLContext tx) {
        if (settings.isEmpty()) {
            return;
        }
        Map<String, Set<Subject>> pages = new LinkedHashMap<>();
        for (StreamEntry entry : entries) {
            if (entry.articleId() != null && entry.kind().seenInPublic()) {
                pages.computeIfAbsent(site.url("/articles/" + entry.slug()), url -> new LinkedHashSet<>())
                        .add(new Subject(entry.articleId(), entry.position()));
            }
        }
        List<String> batch = new ArrayList<>();
        int bytes = ENVELOPE_BYTES;
        for (String url : pages.keySet()) {
            int size = url.getBytes(StandardCharsets.UTF_8).length + 3;
            if (batch.size() == MAX_URLS || bytes + size > OutboundRequest.MAX_BODY_BYTES) {
                send(batch, pages, tx);
                batch = new ArrayList<>();
                bytes = ENVELOPE_BYTES;
            }
            batch.add(url);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            send(batch, pages, tx);
        }
    }

    private void send(List<String> urls, Map<String, Set<Subject>> pages, DSLContext tx) {
        IndexNowConfig indexNow = settings.orElseThrow();
        ObjectNode body = JSON.createObjectNode()
                .put("host", URI.create(site.baseUrl()).getHost())
                .put("key", indexNow.key())
                .put("keyLocation", site.url(indexNow.keyPath()));
        ArrayNode list = body.putArray("urlList");
        urls.forEach(list::add);
        Set<Subject> subjects = new LinkedHashSet<>();
        urls.forEach(url -> subjects.addAll(pages.get(url)));
        dispatch.enqueue(
                tx,
                DispatchChannel.INDEXNOW,
                Destination.of("indexnow " + indexNow.endpoint()),
                new OutboundRequest(
                        "POST",
                        indexNow.endpoint(),
                        Map.of("Content-Type", "application/json; charset=utf-8"),
                        body.toString()),
                subjects);
    }
}
