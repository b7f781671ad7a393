package io.loa.delivery;

import io.loa.stream.StreamEntry;

/**
 * What one channel (the WebSub hub, webhooks …) did with a change of the stream, for
 * {@code GET /api/articles/{id}/deliveries}. Each channel that acts on changes implements it; the route lists every
 * channel's answer under its name.
 */
public interface DeliveryReceipts {

    /** The channel's name in the receipt: {@code websub}, {@code webhooks}. */
    String channel();

    /** What the channel did with {@code change}, as JSON shows it (a list of records, say); bounded in size. */
    Object receipts(StreamEntry change);
}
