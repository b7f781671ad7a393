package io.loa.net;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Resolves the hosts an outbound client calls on a few threads of its own, each answer due within
 * {@link #DEADLINE} of being asked for, time spent queueing included. A lookup blocks for as long as DNS takes
 * (the JDK's resolver has no timeout of its own), so a slow DNS zone ties up these threads and fails the calls to
 * its hosts, and nothing else: not the HTTP client's threads, not the other calls' lookups, never a thread
 * serving requests. The threads' queue needs no bound: each client has a bounded number of calls in flight, each
 * waiting for at most one lookup. It stops with the client it is a bean of ({@link GuardedClient}).
 */
final class HostResolver extends AbstractLifeCycle implements SocketAddressResolver {

    /** As long as the HTTP client waits to connect: a name is not given longer than an address. */
    static final Duration DEADLINE = Duration.ofSeconds(5);
    /** The JDK caches answers (30 s), so most lookups return at once; these are for the ones that do not. */
    private static final int THREADS = 8;

    private final HostLookup names;
    private final Scheduler scheduler;
    private final ExecutorService threads;

    HostResolver(HostLookup names, Scheduler scheduler, String name) {
        this.names = names;
        this.scheduler = scheduler;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(THREADS, work -> {
            Thread thread = new Thread(work, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        CompletableFuture<List<InetSocketAddress>> answer = new CompletableFuture<>();
        Scheduler.Task deadline = scheduler.schedule(
                () -> answer.completeExceptionally(
                        new UnknownHostException(host + " did not resolve within " + DEADLINE.toSeconds() + " s")),
                DEADLINE.toMillis(),
                TimeUnit.MILLISECONDS);
        answer.whenComplete((addresses, failure) -> {
            deadline.cancel();
            if (failure != null) {
                promise.failed(failure);
            } else {
                promise.succeeded(addresses);
            }
        });
        try {
            threads.execute(() -> {
                if (answer.isDone()) {
                    return; // its deadline passed while it queued
                }
                try {
                    answer.complete(lookUp(host, port));
                } catch (Throwable failure) {
                    answer.completeExceptionally(failure);
                }
            });
        } catch (RejectedExecutionException closed) {
            answer.completeExceptionally(closed);
        }
    }

    private List<InetSocketAddress> lookUp(String host, int port) throws UnknownHostException {
        List<InetSocketAddress> addresses = names.addresses(host).stream()
                .map(address -> new InetSocketAddress(address, port))
                .toList();
        if (addresses.isEmpty()) {
            throw new UnknownHostException(host + " has no address");
        }
        return addresses;
    }

    @Override
    protected void doStop() {
        threads.shutdownNow();
    }
}
