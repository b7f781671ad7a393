package io.loa.websub;

import static io.loa.websub.Columns.at;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Result;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.TableRecord;

/**
 * How the hub's work (a verification, a delivery) is claimed from its table, the same for both: the due rows are
 * read in the order they are to be done, each key (a callback's origin or host) taking no more than it has
 * {@link Slots} free; those rows are locked with {@code FOR UPDATE SKIP LOCKED}, so instances claiming together
 * never wait for each other, and marked with a claim (see {@link Columns#CLAIM}).
 *
 * <p>At most twice {@code limit} due rows are read, in the order of an index: a claim costs what it
 * takes, not what is due (a fan-out leaves thousands due at once, and each claim takes a few hundred). A key whose
 * slots are all taken is left out by the query itself, so a slow host's backlog is never read; one with a few slots
 * free but thousands of rows first in line can fill that read and leave the others for the next claim, which comes
 * as soon as its calls are half done.
 *
 * @param <R> the table's record
 */
final class Claims<R extends TableRecord<R>> {

    /** How many times the limit of due rows a claim reads at most. */
    static final int READ_AHEAD = 2;

    /** Rows claimed together, and the claim they are held under. */
    record Claimed<R>(long claim, List<R> rows) {}

    private final Table<R> table;
    private final Field<Long> id;
    private final Field<String> key;
    private final Field<OffsetDateTime> nextAttemptAt;
    private final Field<Long> claim;
    private final Field<OffsetDateTime> claimedUntil;
    private final SecureRandom random = new SecureRandom();

    Claims(
            Table<R> table,
            Field<Long> id,
            Field<String> key,
            Field<OffsetDateTime> nextAttemptAt,
            Field<Long> claim,
            Field<OffsetDateTime> claimedUntil) {
        this.table = table;
        this.id = id;
        this.key = key;
        this.nextAttemptAt = nextAttemptAt;
        this.claim = claim;
        this.claimedUntil = claimedUntil;
    }

    /**
     * Claims up to {@code limit} rows that are due at {@code now} and meet {@code also}, in {@code order}, no more
     * for any key than it has {@code slots} free.
     */
    Claimed<R> claim(DSLContext dsl, Instant now, int limit, Slots slots, Condition also, SortField<?> order) {
        if (limit <= 0) {
            return new Claimed<>(0, List.of());
        }
        return dsl.transactionResult(tx -> {
            Condition free = claimedUntil.isNull().or(claimedUntil.lt(at(now)));
            Map<String, Integer> taken = new HashMap<>();
            Map<Long, Integer> place = new HashMap<>();
            for (Record2<Long, String> due : tx.dsl()
                    .select(id, key)
                    .from(table)
                    .where(nextAttemptAt.le(at(now)), free, slots.open(key), also)
                    .orderBy(order)
                    .limit(limit * READ_AHEAD)
                    .fetch()) {
                if (taken.merge(due.value2(), 1, Integer::sum) <= slots.free(due.value2())) {
                    place.put(due.value1(), place.size());
                    if (place.size() == limit) {
                        break;
                    }
                }
            }
            if (place.isEmpty()) {
                return new Claimed<>(0, List.of());
            }
            Result<R> locked = tx.dsl()
                    .selectFrom(table)
                    .where(id.in(place.keySet()), free)
                    .forUpdate()
                    .skipLocked()
                    .fetch();
            if (locked.isEmpty()) {
                return new Claimed<>(0, List.of());
            }
            long value = random.nextLong();
            OffsetDateTime until = at(now.plus(Columns.CLAIM));
            tx.dsl()
                    .update(table)
                    .set(claim, value)
                    .set(claimedUntil, until)
                    .where(id.in(locked.getValues(id)))
                    .execute();
            List<R> rows = new ArrayList<>(locked);
            rows.sort(Comparator.comparing(row -> place.get(row.get(id))));
            return new Claimed<>(value, rows);
        });
    }
}
