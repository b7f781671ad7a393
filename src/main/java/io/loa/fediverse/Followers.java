package io.loa.fediverse;

import static io.loa.db.schema.Tables.FEDIVERSE_FOLLOWER;

import io.loa.fault.Forbidden;
import io.loa.fault.Malformed;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Who follows each of the site's accounts, by the account's key ({@code section:thoi-su}): kept when a Follow is
 * accepted, dropped on its Undo or when the follower's account is deleted. Writes take the transaction they belong
 * to; reads use the database directly. At most {@link #MAX_PER_ACTOR} followers an account.
 */
public final class Followers {

    /** More followers than this for one account are refused: each article goes to each of their inboxes. */
    public static final int MAX_PER_ACTOR = 100_000;
    /** The longest actor id, inbox or Follow id kept, as the table holds them. */
    static final int MAX_URL = 2000;

    private final DSLContext dsl;
    private final Clock clock;
    private final int max;

    public Followers(DSLContext dsl, Clock clock) {
        this(dsl, clock, MAX_PER_ACTOR);
    }

    /** @param max the most followers one account may have */
    Followers(DSLContext dsl, Clock clock, int max) {
        this.dsl = dsl;
        this.clock = clock;
        this.max = max;
    }

    /**
     * Records that {@code f} follows {@code actor}: true when it did not follow before. A follower that follows
     * again (a repeated Follow) keeps its place, with the inboxes and Follow id it sent last.
     *
     * @throws Forbidden when the account already has as many followers as it takes ({@link #MAX_PER_ACTOR})
     */
    public boolean add(DSLContext tx, String actor, Follower f) {
        for (String url : new String[] {f.follower(), f.inbox(), f.sharedInbox(), f.followId()}) {
            if (url != null && url.length() > MAX_URL) {
                throw new Malformed("A follower's ids and inboxes must be at most " + MAX_URL + " characters.");
            }
        }
        int updated = tx.update(FEDIVERSE_FOLLOWER)
                .set(FEDIVERSE_FOLLOWER.INBOX, f.inbox())
                .set(FEDIVERSE_FOLLOWER.SHARED_INBOX, f.sharedInbox())
                .set(FEDIVERSE_FOLLOWER.FOLLOW_ID, f.followId())
                .where(FEDIVERSE_FOLLOWER.ACTOR.eq(actor).and(FEDIVERSE_FOLLOWER.FOLLOWER.eq(f.follower())))
                .execute();
        if (updated > 0) {
            return false;
        }
        if (tx.fetchCount(FEDIVERSE_FOLLOWER, FEDIVERSE_FOLLOWER.ACTOR.eq(actor)) >= max) {
            throw new Forbidden("This account has as many followers as it takes (" + max + ").");
        }
        return tx.insertInto(FEDIVERSE_FOLLOWER)
                        .set(FEDIVERSE_FOLLOWER.ACTOR, actor)
                        .set(FEDIVERSE_FOLLOWER.FOLLOWER, f.follower())
                        .set(FEDIVERSE_FOLLOWER.INBOX, f.inbox())
                        .set(FEDIVERSE_FOLLOWER.SHARED_INBOX, f.sharedInbox())
                        .set(FEDIVERSE_FOLLOWER.FOLLOW_ID, f.followId())
                        .set(FEDIVERSE_FOLLOWER.CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                        .onConflictDoNothing()
                        .execute()
                > 0;
    }

    /** Drops {@code follower} from {@code actor}'s followers: true when it followed. */
    public boolean remove(DSLContext tx, String actor, String follower) {
        return tx.deleteFrom(FEDIVERSE_FOLLOWER)
                        .where(FEDIVERSE_FOLLOWER.ACTOR.eq(actor).and(FEDIVERSE_FOLLOWER.FOLLOWER.eq(follower)))
                        .execute()
                > 0;
    }

    /** Drops {@code follower} from the followers of every account (its account was deleted): how many it followed. */
    public int removeEverywhere(DSLContext tx, String follower) {
        return tx.deleteFrom(FEDIVERSE_FOLLOWER)
                .where(FEDIVERSE_FOLLOWER.FOLLOWER.eq(follower))
                .execute();
    }

    /** Whether anyone follows any of the site's accounts. */
    public boolean anyone() {
        return dsl.fetchExists(FEDIVERSE_FOLLOWER);
    }

    /** Whether {@code follower} follows any of the site's accounts. */
    public boolean followsAny(String follower) {
        return dsl.fetchExists(FEDIVERSE_FOLLOWER, FEDIVERSE_FOLLOWER.FOLLOWER.eq(follower));
    }

    public long count(String actor) {
        return dsl.fetchCount(FEDIVERSE_FOLLOWER, FEDIVERSE_FOLLOWER.ACTOR.eq(actor));
    }

    /** How many followers each account that has any has, by its key, in key order. */
    public Map<String, Long> countsByActor() {
        Map<String, Long> counts = new LinkedHashMap<>();
        dsl.select(FEDIVERSE_FOLLOWER.ACTOR, DSL.count())
                .from(FEDIVERSE_FOLLOWER)
                .groupBy(FEDIVERSE_FOLLOWER.ACTOR)
                .orderBy(FEDIVERSE_FOLLOWER.ACTOR)
                .forEach(r -> counts.put(r.value1(), r.value2().longValue()));
        return counts;
    }

    /**
     * Where an activity of these accounts goes: for every follower of any of them, its server's shared inbox, else
     * its own inbox; each once, however many of the accounts and followers share it. In order, for steady output.
     */
    public List<String> deliveryInboxes(Collection<String> actors) {
        if (actors.isEmpty()) {
            return List.of();
        }
        Field<String> inbox = DSL.coalesce(FEDIVERSE_FOLLOWER.SHARED_INBOX, FEDIVERSE_FOLLOWER.INBOX)
                .as("delivery_inbox");
        return dsl.selectDistinct(inbox)
                .from(FEDIVERSE_FOLLOWER)
                .where(FEDIVERSE_FOLLOWER.ACTOR.in(actors))
                .orderBy(inbox)
                .fetch(inbox);
    }
}
