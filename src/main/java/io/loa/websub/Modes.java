package io.loa.websub;

/** The values of {@code hub.mode} the hub sends and receives. */
final class Modes {

    static final String SUBSCRIBE = "subscribe";
    static final String UNSUBSCRIBE = "unsubscribe";
    static final String DENIED = "denied";
    static final String PUBLISH = "publish";

    private Modes() {}
}
