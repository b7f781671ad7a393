package io.loa.article;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows scheduled articles when their time comes, whether or not anyone writes then: every interval it asks the
 * store to release what is due. Every instance runs one, so a release happens as long as any instance is up,
 * and at the first start after it was due when none was.
 */
public final class ScheduledRelease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRelease.class);

    private final ArticleStore store;
    private final ScheduledExecutorService timer;

    public ScheduledRelease(ArticleStore store) {
        this.store = store;
        this.timer = Timers.daemon("loa-scheduled-release");
    }

    public void start(long intervalMillis) {
        timer.scheduleWithFixedDelay(this::releaseDue, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void releaseDue() {
        try {
            int released = store.releaseDue();
            if (released > 0) {
                LOG.info("Released {} scheduled article(s)", released);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not release scheduled articles; trying again", e);
        }
    }

    @Override
    public void close() {
        Timers.stop(timer);
    }
}
