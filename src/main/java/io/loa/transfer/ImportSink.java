package io.loa.transfer;

import java.time.Instant;

/** What a source hands over as it reads, each thing with its position in the source for the report. */
interface ImportSink {

    void article(String position, Incoming article);

    /** An article of Loa's own backup, to be written back as it was. */
    void restore(String position, Backup.ArticleLine line);

    /** From a backup: when a feed last changed. */
    void feedChanged(String feed, Instant at);

    /** Something the source holds that is not for Loa (a draft, a page): counted, not an error. */
    void leftOut(String position, String why);

    /** Something unreadable: reported with its reason, and the import goes on. */
    void skip(String position, String reason);
}
