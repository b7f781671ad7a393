package io.loa.fediverse;

import io.loa.article.ArticleReads;
import io.loa.config.Site;
import java.time.Clock;
import org.jooq.DSLContext;

/**
 * The site on the fediverse, apart from HTTP: its accounts, their keys, who follows them, and its articles as
 * ActivityStreams objects and activities.
 */
public record Fediverse(Actors actors, ActorKeys keys, Followers followers, ArticleObjects objects) {

    public static Fediverse of(Site site, DSLContext dsl, ArticleReads articles, Clock clock) {
        Actors actors = new Actors(site, articles);
        return new Fediverse(
                actors, new ActorKeys(dsl, clock), new Followers(dsl, clock), new ArticleObjects(site, actors));
    }
}
