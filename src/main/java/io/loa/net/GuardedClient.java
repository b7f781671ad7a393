package io.loa.net;

import java.util.function.UnaryOperator;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * Jetty's HTTP client as every outbound call of Loa's is made: threads, timer and host lookups of its own (each
 * lookup within {@link HostResolver#DEADLINE}), connections only to the addresses its guard lets through
 * ({@link PublicAddresses#publicOnly}, judged on the address connected to), and no redirects followed by
 * itself: a caller that follows one judges where it leads first. Jetty's client rather than the JDK's, because
 * the JDK's cannot be told which resolved addresses it may connect to.
 */
public final class GuardedClient {

    private GuardedClient() {}

    /**
     * A client not yet started, for the caller to bound further (connections per host, timeouts) and start; its
     * stop stops the lookups' threads too.
     *
     * @param name what its threads are called after
     * @param guard what stands between the lookups and the client: {@code PublicAddresses.publicOnly}, or
     *     nothing where the operator allows private addresses
     */
    public static HttpClient of(
            String name, String userAgent, HostLookup names, UnaryOperator<SocketAddressResolver> guard) {
        HttpClient client = new HttpClient();
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName(name + "-http");
        threads.setDaemon(true);
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler(name + "-timer", true);
        HostResolver resolver = new HostResolver(names, scheduler, name + "-dns");
        client.setExecutor(threads);
        client.setScheduler(scheduler);
        client.addBean(resolver, true);
        client.setSocketAddressResolver(guard.apply(resolver));
        client.setFollowRedirects(false);
        client.setConnectTimeout(HostResolver.DEADLINE.toMillis());
        client.setMaxResponseHeadersSize(16 * 1024);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, userAgent));
        return client;
    }
}
