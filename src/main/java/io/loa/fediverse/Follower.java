package io.loa.fediverse;

/**
 * A remote account that follows one of the site's.
 *
 * @param follower the remote actor's id (its URL)
 * @param inbox where activities for it alone go
 * @param sharedInbox where its server takes one copy for all its followers there, or null when it has none
 * @param followId the id of the Follow it sent, which its Undo names
 */
public record Follower(String follower, String inbox, String sharedInbox, String followId) {}
