package io.loa.stream;

import io.loa.background.Rounds;
import io.loa.background.Timers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one ordered stream of changes that every consequence of a write reads, on every instance alike. Writes
 * append entries ({@link Outbox}); every poll, and right after a write through this instance ({@link #catchUp}),
 * the stream gives committed entries their positions and hands them, in order, to each consumer: to those of this
 * instance from an in-memory cursor, to those of the cluster from a durable one, advanced in the transaction of
 * what the consumer did. A consumer that throws keeps its cursor and is tried again after a back-off.
 */
public final class ChangeStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeStream.class);
    private static final int BATCH = 500;
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long MAX_RETRY_MILLIS = 30_000;
    /** Entries every durable cursor has passed stay this long, for instances that were stopped a while. */
    static final Duration KEEP = Duration.ofDays(7);

    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

    private final StreamLog log;
    private final DSLContext dsl;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Rounds rounds;
    private final List<Follower<InstanceConsumer>> instance = new CopyOnWriteArrayList<>();
    private final List<Follower<ClusterConsumer>> cluster = new CopyOnWriteArrayList<>();
    private final Semaphore wake = new Semaphore(0);
    private final Object sequencing = new Object();
    /** Writes that commit while one of them catches up are caught up together, by the next pass. */
    private final CombinedRuns catchUps = new CombinedRuns(this::followHere);

    private volatile long head;
    private volatile boolean closing;
    private Thread worker;
    private Instant nextPrune = Instant.MIN;

    /** @param clock dates what is old enough to prune */
    public ChangeStream(DSLContext dsl, Clock clock, Timers timers, MeterRegistry registry) {
        this.log = new StreamLog(dsl);
        this.dsl = dsl;
        this.clock = clock;
        this.registry = registry;
        this.rounds = timers.rounds(Timers.Loop.CHANGE_STREAM);
        Gauge.builder("loa.stream.head", this, s -> s.head)
                .description("The newest position of the change stream this instance has seen")
                .register(registry);
    }

    public void register(InstanceConsumer consumer) {
        instance.add(new Follower<>(consumer.name(), consumer));
    }

    public void register(ClusterConsumer consumer) {
        cluster.add(new Follower<>(consumer.name(), consumer));
    }

    /**
     * Starts every consumer of this instance at the head, gives each consumer of the cluster a cursor at the head
     * unless it has one, and follows the stream every {@code pollMillis}.
     */
    public void start(long pollMillis) {
        synchronized (sequencing) {
            head = sequenceAll();
            instance.forEach(f -> f.cursor = head);
        }
        cluster.forEach(f -> log.open(f.name, head));
        worker = new Thread(() -> run(pollMillis), "loa-" + Timers.Loop.CHANGE_STREAM.label());
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Sequences now and runs this instance's consumers up to the head, before returning: a write through this
     * instance calls it once committed, so its own consequences (the cache dropped) come before its answer. The
     * consumers of the cluster are woken to follow. Writes calling it at once share one pass, which began after
     * each of them had committed.
     */
    public void catchUp() {
        try {
            catchUps.await();
        } catch (RuntimeException e) {
            // The loop tells of failures, once; it tries again at its next round.
            LOG.debug("Catching up with the change stream failed", e);
        }
    }

    /** The article's latest positioned entry: what a delivery receipt names. */
    public Optional<StreamEntry> latestFor(String articleId) {
        return log.latestFor(articleId);
    }

    private void followHere() {
        synchronized (sequencing) {
            long before = head;
            long now = sequenceAll();
            head = now;
            for (Follower<InstanceConsumer> follower : instance) {
                follow(follower, now);
            }
            if (now > before) {
                wake.release();
            }
        }
    }

    private long sequenceAll() {
        long before;
        long after = head;
        do {
            before = after;
            after = log.sequence(BATCH);
        } while (after - before == BATCH);
        return after;
    }

    private void follow(Follower<InstanceConsumer> follower, long to) {
        if (follower.cursor >= to || !follower.due()) {
            return;
        }
        follower.ran(follower.rounds.run(() -> {
            while (follower.cursor < to) {
                List<StreamEntry> entries = log.after(follower.cursor, to, BATCH);
                long next = entries.isEmpty() ? to + 1 : entries.get(0).position();
                if (next != follower.cursor + 1) {
                    // Held up so long (stopped, or failing for days) that entries it had not read were pruned.
                    LOG.warn(
                            "The {} consumer was behind the change stream's pruned tail: it missed entries {} to {}",
                            follower.name.label(),
                            follower.cursor + 1,
                            next - 1);
                    follower.cursor = next - 1;
                    continue;
                }
                follower.consumer.accept(entries);
                follower.cursor = entries.get(entries.size() - 1).position();
            }
        }));
    }

    private void follow(Follower<ClusterConsumer> follower) {
        follower.cursor = log.cursor(follower.name);
        long to = head;
        if (follower.cursor >= to || !follower.due()) {
            return;
        }
        follower.ran(follower.rounds.run(() -> {
            boolean more = true;
            while (more && !closing) {
                more = dsl.transactionResult(tx -> {
                    Optional<Long> held = StreamLog.hold(tx.dsl(), follower.name);
                    if (held.isEmpty()) {
                        return false; // another instance is consuming
                    }
                    StreamLog.Batch batch = StreamLog.announcedAfter(tx.dsl(), held.get(), to, BATCH);
                    if (batch.reached() == held.get()) {
                        return false;
                    }
                    if (!batch.entries().isEmpty()) {
                        follower.consumer.accept(batch.entries(), tx.dsl());
                    }
                    StreamLog.advance(tx.dsl(), follower.name, batch.reached());
                    return batch.reached() < to;
                });
                follower.cursor = log.cursor(follower.name);
            }
        }));
    }

    private void run(long pollMillis) {
        while (!closing) {
            try {
                wake.tryAcquire(pollMillis, TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            if (!closing) {
                rounds.run(this::round);
            }
        }
    }

    private void round() {
        followHere();
        for (Follower<ClusterConsumer> follower : cluster) {
            follow(follower);
        }
        Instant now = clock.instant();
        if (now.isAfter(nextPrune)) {
            Set<ConsumerName> durable = cluster.stream()
                    .map(f -> f.name)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(ConsumerName.class)));
            int pruned = log.prune(durable, now.minus(KEEP));
            if (pruned > 0) {
                LOG.debug("Pruned {} entries of the change stream", pruned);
            }
            nextPrune = now.plus(PRUNE_EVERY);
        }
    }

    /** Stops following; the round in flight finishes first (woken, not interrupted, as H2's file requires). */
    @Override
    public void close() {
        closing = true;
        wake.release();
        if (worker != null) {
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One consumer, its cursor, and its back-off while it fails. */
    private final class Follower<C> {

        final ConsumerName name;
        final C consumer;
        final Rounds rounds;
        volatile long cursor;
        private int failures;
        private long retryAt;

        Follower(ConsumerName name, C consumer) {
            this.name = name;
            this.consumer = consumer;
            this.rounds = new Rounds(
                    "change-stream " + name.label(),
                    Counter.builder("loa.stream.failures")
                            .tag("consumer", name.label())
                            .description("Batches of the change stream a consumer failed on; it tries them again")
                            .register(registry));
            Gauge.builder("loa.stream.lag", this, f -> Math.max(0, head - f.cursor))
                    .tag("consumer", name.label())
                    .description("Entries of the change stream a consumer has still to act on")
                    .register(registry);
        }

        synchronized boolean due() {
            return failures == 0 || System.nanoTime() - retryAt >= 0;
        }

        synchronized void ran(boolean worked) {
            if (worked) {
                failures = 0;
                return;
            }
            long wait = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(failures, 20));
            failures++;
            retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
        }
    }
}
