package io.loa.websub;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSub subscriber written from the specification alone: an HTTP server on a random loopback port that
 * answers verification requests (echoing {@code hub.challenge}, or not) and records every notification it gets.
 */
public final class Subscriber implements AutoCloseable {

    /** A GET from the hub: verification of intent, or a denial. */
    record Verification(Map<String, String> query) {
        String mode() {
            return query.get("hub.mode");
        }
    }

    /** A request other than GET (a POST from the hub to a callback, a PURGE …), and what the subscriber answered. */
    public record Notification(
            String method, String path, Headers headers, byte[] body, long receivedNanos, int answered) {
        public String header(String name) {
            return headers.getFirst(name);
        }

        /** The body, read as UTF-8. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The first value of each header, by its name in lower case. */
        public Map<String, String> lowerCaseHeaders() {
            Map<String, String> first = new TreeMap<>();
            headers.forEach((name, values) -> first.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            return first;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final LinkedBlockingQueue<Verification> verifications = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Notification> notifications = new LinkedBlockingQueue<>();
    private final List<Notification> received = new CopyOnWriteArrayList<>();
    private final List<Verification> verified = new CopyOnWriteArrayList<>();
    private final Deque<Integer> answers = new ConcurrentLinkedDeque<>();
    private volatile boolean echo = true;
    private volatile int answer = 204;
    private volatile int answerBytes;
    private volatile long answerDelayMillis;

    public Subscriber() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** The base URL of this receiver, {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String callback(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback/" + name + "?subscriber=test";
    }

    /** Whether verification requests get their challenge back. */
    Subscriber echoing(boolean echo) {
        this.echo = echo;
        return this;
    }

    /** The status every notification gets from now on, after any {@link #thenAnswer queued} ones. */
    public Subscriber answering(int status) {
        this.answer = status;
        return this;
    }

    /** A body of this many bytes with every answer to a notification, as a web framework's page would be. */
    Subscriber answeringWithBody(int bytes) {
        this.answerBytes = bytes;
        return this;
    }

    /** Answers every notification only after this long, as an overloaded subscriber would. */
    Subscriber answeringAfter(Duration delay) {
        this.answerDelayMillis = delay.toMillis();
        return this;
    }

    /** Statuses for the next notifications, in order. */
    public Subscriber thenAnswer(Integer... statuses) {
        answers.addAll(List.of(statuses));
        return this;
    }

    Verification nextVerification(Duration within) {
        try {
            Verification v = verifications.poll(within.toMillis(), TimeUnit.MILLISECONDS);
            if (v == null) {
                throw new AssertionError("No request from the hub reached the callback within " + within);
            }
            return v;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next notification, or null when none comes within the time. */
    public Notification nextNotification(Duration within) {
        try {
            return notifications.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every notification received, whether taken with {@link #nextNotification} or not. */
    public List<Notification> notificationsSoFar() {
        return List.copyOf(received);
    }

    /** Every request for verification (or denial) received. */
    List<Verification> verificationsSoFar() {
        return List.copyOf(verified);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestMethod().equals("GET")) {
                Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
                Verification verification = new Verification(query);
                verified.add(verification);
                verifications.add(verification);
                String challenge = query.get("hub.challenge");
                byte[] body = (challenge == null ? "" : echo ? challenge : "not-the-challenge")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            } else {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Integer queued = answers.poll();
                int status = queued != null ? queued : answer;
                Notification notification = new Notification(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders(),
                        body,
                        System.nanoTime(),
                        status);
                received.add(notification);
                notifications.add(notification);
                if (answerDelayMillis > 0) {
                    try {
                        Thread.sleep(answerDelayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                byte[] page = "<p>Cảm ơn!</p>"
                        .repeat(answerBytes / 10 + 1)
                        .substring(0, answerBytes)
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, page.length == 0 ? -1 : page.length);
                exchange.getResponseBody().write(page);
            }
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> fields = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                fields.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
