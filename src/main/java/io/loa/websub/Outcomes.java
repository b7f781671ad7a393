package io.loa.websub;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what became of deliveries to the database on a thread of its own, as many outcomes as have come in
 * meanwhile in one transaction. A fan-out to thousands of subscribers ends thousands of calls within a second, and
 * written one by one each would cost a commit (on H2 a chunk of the file, on PostgreSQL a wait for the log to reach
 * the disk) and a statement of its own (rendering it costs more than running it). So successes that are alike (one
 * claim, one document, one answer) are written by one statement, and the HTTP client's threads only queue an outcome:
 * a connection is free for its host's next delivery at once rather than after a commit. Every statement changes a
 * row only while the claim it was made under still holds, as it would alone.
 */
final class Outcomes implements AutoCloseable {

    /** Outcomes written in one transaction at most: a batch holds its rows' locks until it commits. */
    static final int BATCH = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

    /** A delivery's outcome: a success ({@code alone} null), or a statement that records any other. */
    private record Outcome(
            SubscriptionStore.Delivery delivery,
            Query alone,
            int status,
            String etag,
            CompletableFuture<Void> written) {

        boolean alike(Outcome other) {
            return alone == null
                    && other.alone == null
                    && delivery.claim() == other.delivery.claim()
                    && delivery.changes() == other.delivery.changes()
                    && status == other.status
                    && Objects.equals(etag, other.etag);
        }
    }

    private final DSLContext dsl;
    private final SubscriptionStore store;
    private final LinkedBlockingQueue<Outcome> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closing;

    Outcomes(DSLContext dsl, SubscriptionStore store, String name) {
        this.dsl = dsl;
        this.store = store;
        this.writer = new Thread(this::run, name);
        this.writer.setDaemon(true);
    }

    void start() {
        writer.start();
    }

    /**
     * The delivery reached its subscriber. Each method's future completes once the outcome is committed, or has
     * failed.
     *
     * @param etag the ETag of the document sent, or null for a ping
     */
    CompletableFuture<Void> delivered(SubscriptionStore.Delivery delivery, int status, String etag) {
        return queue(new Outcome(delivery, null, status, etag, new CompletableFuture<>()));
    }

    /** Any other outcome of the delivery: a statement of the store's that records it. */
    CompletableFuture<Void> write(SubscriptionStore.Delivery delivery, Query outcome) {
        return queue(new Outcome(delivery, outcome, 0, null, new CompletableFuture<>()));
    }

    private CompletableFuture<Void> queue(Outcome outcome) {
        queue.add(outcome);
        return outcome.written();
    }

    private void run() {
        List<Outcome> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                Outcome first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Outcome> batch) {
        // Rows in the order of their ids, the order in which a fan-out locks them, so that neither waits for the
        // other while holding what the other needs.
        batch.sort(Comparator.comparingLong(outcome -> outcome.delivery().id()));
        List<Query> statements = new ArrayList<>();
        for (int from = 0; from < batch.size(); ) {
            int to = from + 1;
            while (to < batch.size() && batch.get(from).alike(batch.get(to))) {
                to++;
            }
            statements.add(statement(batch.subList(from, to)));
            from = to;
        }
        try {
            dsl.transaction(tx -> statements.forEach(statement -> tx.dsl().execute(statement)));
            batch.forEach(outcome -> outcome.written().complete(null));
        } catch (RuntimeException batchFailed) {
            if (batch.size() > 1) {
                // One at a time, so that a statement that fails (or a deadlock) costs only its own outcome.
                LOG.info(
                        "A batch of {} WebSub outcomes failed ({}); writing them one by one",
                        batch.size(),
                        batchFailed.getMessage());
            }
            for (Outcome outcome : batch) {
                try {
                    dsl.execute(statement(List.of(outcome)));
                    outcome.written().complete(null);
                } catch (RuntimeException failed) {
                    outcome.written().completeExceptionally(failed);
                }
            }
        }
    }

    /** One statement for outcomes that are alike. */
    private Query statement(List<Outcome> alike) {
        Outcome first = alike.get(0);
        if (first.alone() != null) {
            return first.alone();
        }
        return store.delivered(alike.stream().map(Outcome::delivery).toList(), first.status(), first.etag());
    }

    /** Writes what is queued, then stops; outcomes queued later are not written. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
