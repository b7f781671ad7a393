package io.loa.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A circuit breaker per destination host: after {@link #FAILURES_TO_OPEN} failures in a row (no answer, a 5xx, a
 * 429) the host is open, and nothing is sent to it, for {@link #FIRST_OPENING}, twice as long at each opening in a
 * row, {@link #LONGEST} at most; a {@code Retry-After} on a 429 or 503 opens it at once until the time it names
 * ({@link #LONGEST} at most). Once the time is up the host is tried again: one answer closes it, one more failure
 * opens it again, for longer. Only hosts that failed lately are remembered, {@link #MAX_HOSTS} at most, the least
 * lately seen forgotten first.
 *
 * <p>Each instance keeps its own: an instance learns a host is down from its own calls. What it learns it writes
 * into the queue, pushing the host's pending requests past the opening, so the other instances wait too.
 */
final class HostBreaker {

    static final int FAILURES_TO_OPEN = 5;
    static final Duration FIRST_OPENING = Duration.ofSeconds(30);
    static final Duration LONGEST = Duration.ofHours(1);
    static final int MAX_HOSTS = 10_000;

    private static final class Host {
        int failures;
        int openings;
        Instant openUntil = Instant.MIN;
    }

    private final Map<String, Host> hosts = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Host> eldest) {
            return size() > MAX_HOSTS;
        }
    };

    /** Until when {@code host} is open, if it is at {@code now}. */
    synchronized Optional<Instant> openUntil(String host, Instant now) {
        Host seen = hosts.get(host);
        return seen != null && seen.openUntil.isAfter(now) ? Optional.of(seen.openUntil) : Optional.empty();
    }

    /** {@code host} answered: it is closed, and forgotten. */
    synchronized void answered(String host) {
        hosts.remove(host);
    }

    /**
     * {@code host} failed at {@code now}, saying it wants no call for {@code retryAfter} if it did; the end of
     * the opening when this failure opens the host.
     */
    synchronized Optional<Instant> failed(String host, Instant now, Optional<Duration> retryAfter) {
        Host seen = hosts.computeIfAbsent(host, h -> new Host());
        seen.failures++;
        Duration opening;
        if (retryAfter.isPresent()) {
            opening = retryAfter.get();
        } else if (seen.failures >= FAILURES_TO_OPEN) {
            opening = FIRST_OPENING.multipliedBy(1L << Math.min(seen.openings, 20));
        } else {
            return Optional.empty();
        }
        seen.openings++;
        seen.openUntil = now.plus(opening.compareTo(LONGEST) > 0 ? LONGEST : opening);
        return Optional.of(seen.openUntil);
    }

    /** The hosts remembered: those that failed lately. */
    synchronized int size() {
        return hosts.size();
    }

    /**
     * How long a {@code Retry-After} (RFC 9110, section 10.2.3) asks to wait from {@code now}: a number of seconds
     * or an HTTP date, at most {@link #LONGEST}; empty when there is none or it is neither.
     */
    static Optional<Duration> retryAfter(String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        String written = value.strip();
        Duration wait;
        if (written.matches("[0-9]{1,10}")) {
            wait = Duration.ofSeconds(Long.parseLong(written));
        } else {
            try {
                wait = Duration.between(
                        now,
                        ZonedDateTime.parse(written, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            return Optional.of(Duration.ZERO);
        }
        return Optional.of(wait.compareTo(LONGEST) > 0 ? LONGEST : wait);
    }
}
