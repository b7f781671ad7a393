package io.loa.transfer;

import io.loa.cli.Arguments;
import java.time.Duration;

/**
 * How far an import may follow a feed's links, each bound raised by a flag of its own: documents
 * ({@code --max-documents}), bytes fetched in all ({@code --max-bytes}), time in all ({@code --max-time}), time
 * for one request, its redirects each counting as one ({@code --max-request-time}), and whether links and
 * redirects may lead to private addresses ({@code --allow-private-links}). The defaults hold a newsroom's whole
 * history: twenty years of daily archive pages is 7,300 documents, a year of hourly ones 8,760.
 */
record ImportLimits(long documents, long bytes, Duration time, Duration requestTime, boolean privateLinks) {

    static final ImportLimits DEFAULT =
            new ImportLimits(20_000, 4L << 30, Duration.ofHours(6), Duration.ofSeconds(60), false);

    static final String FLAGS = "[--max-documents N] [--max-bytes SIZE] [--max-time TIME] [--max-request-time TIME]"
            + " [--allow-private-links]";

    static ImportLimits of(Arguments arguments) {
        return new ImportLimits(
                arguments.count("--max-documents", DEFAULT.documents),
                arguments.bytes("--max-bytes", DEFAULT.bytes),
                arguments.duration("--max-time", DEFAULT.time),
                arguments.duration("--max-request-time", DEFAULT.requestTime),
                arguments.has("--allow-private-links"));
    }
}
