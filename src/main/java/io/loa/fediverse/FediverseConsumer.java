package io.loa.fediverse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.article.Article;
import io.loa.article.ArticleReads;
import io.loa.config.Site;
import io.loa.dispatch.Dispatch;
import io.loa.dispatch.DispatchChannel;
import io.loa.dispatch.DispatchQueue.Subject;
import io.loa.stream.ClusterConsumer;
import io.loa.stream.ConsumerName;
import io.loa.stream.StreamEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Delivers the articles to the followers of the site's accounts, once for the cluster: for each change the public
 * saw, a {@code Create} (published, released, restored), an {@code Update} (changed, with its {@code updated}) or a
 * {@code Delete} with a Tombstone (withdrawn, deleted), POSTed once to each inbox where someone follows one of the
 * accounts the article is published from, through the dispatch queue, which signs it as it goes out. A scheduled
 * article is delivered when it is released: the stream tells of it then.
 *
 * <p>An inbox gets the activity once, from the most specific of the article's accounts that someone there follows:
 * its author, else its first section so followed, else the site. A server keeps one post per article (its id is the
 * article's), so a second copy from another account would be dropped there; the account it comes from is the one
 * its readers chose nearest to the article. Its Update and Delete go the same way, from the same account, as the
 * server requires of them.
 * <pre>
 * POST https://mastodon.example/inbox
 * Content-Type: application/activity+json
 * {"type": "Create", "actor": "https://feeds.example/ap/sections/thoi-su", "object": {"type": "Article", …}}
 * </pre>
 */
public final class FediverseConsumer implements ClusterConsumer {

    private final Site site;
    private final Fediverse fediverse;
    private final ArticleReads articles;
    private final Dispatch dispatch;

    public FediverseConsumer(Site site, Fediverse fediverse, ArticleReads articles, Dispatch dispatch) {
        this.site = site;
        this.fediverse = fediverse;
        this.articles = articles;
        this.dispatch = dispatch;
    }

    @Override
    public ConsumerName name() {
        return ConsumerName.FEDIVERSE;
    }

    @Override
    public void accept(List<StreamEntry> entries, DSLContext tx) {
        // Most sites have no followers yet: one look spares reading every written article again.
        if (!site.fediverse().enabled() || !fediverse.followers().anyone()) {
            return;
        }
        for (StreamEntry entry : entries) {
            if (entry.articleId() != null && entry.kind().seenInPublic()) {
                deliver(entry, tx);
            }
        }
    }

    private void deliver(StreamEntry entry, DSLContext tx) {
        boolean gone = switch (entry.kind()) {
            case WITHDRAWN, DELETED -> true;
            default -> false;
        };
        // A deletion that touched no feed was of an article never shown: nobody was told of it.
        if (gone && entry.feeds().isEmpty()) {
            return;
        }
        Optional<Article> found = gone ? articles.lastStored(entry.articleId()) : articles.find(entry.articleId());
        if (found.isEmpty()) {
            return;
        }
        Article article = found.get();
        for (Map.Entry<String, Actor> to : senders(article).entrySet()) {
            ObjectNode activity = switch (entry.kind()) {
                case UPDATED -> fediverse.objects().update(edited(article, entry.at()), to.getValue());
                case WITHDRAWN, DELETED -> fediverse.objects().delete(article, to.getValue(), entry.at());
                default -> fediverse.objects().create(article, to.getValue());
            };
            dispatch.enqueue(
                    tx,
                    DispatchChannel.FEDIVERSE,
                    Inbox.destination(to.getKey()),
                    Inbox.activity(to.getKey(), activity.toString()),
                    Set.of(new Subject(entry.articleId(), entry.position())));
        }
    }

    /** Each inbox the article goes to, with the account it comes from there: the most specific one followed. */
    Map<String, Actor> senders(Article article) {
        List<Actor> accounts = new ArrayList<>(fediverse.actors().actorsOf(article));
        accounts.sort(Comparator.comparingInt(FediverseConsumer::specificity));
        Map<String, Actor> senders = new LinkedHashMap<>();
        for (Actor account : accounts) {
            for (String inbox : fediverse.followers().deliveryInboxes(List.of(account.key()))) {
                senders.putIfAbsent(inbox, account);
            }
        }
        return senders;
    }

    private static int specificity(Actor actor) {
        return switch (actor.kind()) {
            case AUTHOR -> 0;
            case SECTION -> 1;
            case SITE -> 2;
        };
    }

    /**
     * The article as an Update tells of it, with an {@code updated} after its publication (a server takes an edit
     * by that time): the time of the change when the article itself names none later than its publication.
     */
    private static Article edited(Article article, Instant changed) {
        if (article.updated() != null && article.updated().isAfter(article.published())) {
            return article;
        }
        return article.withUpdated(
                changed.isAfter(article.published())
                        ? changed
                        : article.published().plusMillis(1));
    }
}
