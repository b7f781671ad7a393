package io.loa.feed;

import org.jdom2.Namespace;

/** RFC 5005, Feed Paging and Archiving: the namespace of its {@code fh:archive} marker. */
final class FeedHistory {

    static final Namespace NAMESPACE = Namespace.getNamespace("fh", "http://purl.org/syndication/history/1.0");

    private FeedHistory() {}
}
