package io.loa.config;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How long after each failed attempt a message is tried again, and when it is given up: after the last delay has
 * been waited and the attempt after it failed too. The standard schedule is Standard Webhooks' own: 5 seconds, 5
 * minutes, 30 minutes, 2 hours, 5 hours, 10 hours and 10 hours again, eight attempts over more than a day.
 */
public record RetrySchedule(List<Duration> delays) {

    public static final RetrySchedule STANDARD = new RetrySchedule(List.of(
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10),
            Duration.ofHours(10)));

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("A retry schedule needs at least one delay");
        }
    }

    /** When to try again after {@code attempts} attempts, the last of which failed at {@code now}; empty: give up. */
    public Optional<Instant> next(Instant now, int attempts) {
        return attempts > delays.size() ? Optional.empty() : Optional.of(now.plus(delays.get(attempts - 1)));
    }

    /**
     * A schedule from {@code LOA_WEBHOOK_RETRIES}: delays separated by commas, each a number with {@code ms},
     * {@code s}, {@code m} or {@code h} ({@code 5s,5m,30m}).
     */
    public static RetrySchedule parse(String written) {
        try {
            return new RetrySchedule(java.util.Arrays.stream(written.split(","))
                    .map(String::strip)
                    .map(RetrySchedule::duration)
                    .toList());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "LOA_WEBHOOK_RETRIES must list delays such as 5s,5m,30m,2h, not \"" + written + "\"");
        }
    }

    private static Duration duration(String delay) {
        var time = java.util.regex.Pattern.compile("([0-9]{1,9})(ms|s|m|h)").matcher(delay);
        if (!time.matches()) {
            throw new IllegalArgumentException(delay);
        }
        long amount = Long.parseLong(time.group(1));
        return switch (time.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
