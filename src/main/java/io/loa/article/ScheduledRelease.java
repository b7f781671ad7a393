package io.loa.article;

import io.loa.background.Rounds;
import io.loa.background.Timers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows scheduled articles when their time comes, whether or not anyone writes then: every interval it asks the
 * store to release what is due. Every instance runs one, so a release happens as long as any instance is up,
 * and at the first start after it was due when none was.
 */
public final class ScheduledRelease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRelease.class);

    private final ArticleWrites store;
    private final Rounds rounds;

    public ScheduledRelease(ArticleWrites store, Timers timers) {
        this.store = store;
        this.rounds = timers.rounds(Timers.Loop.SCHEDULED_RELEASE);
    }

    public void start(long intervalMillis) {
        rounds.every(0, intervalMillis, this::releaseDue);
    }

    private void releaseDue() {
        int released = store.releaseDue();
        if (released > 0) {
            LOG.info("Released {} scheduled article(s)", released);
        }
    }

    @Override
    public void close() {
        rounds.close();
    }
}
