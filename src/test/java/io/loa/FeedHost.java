package io.loa;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A web server holding feed documents on a loopback address of its own (Linux routes all of 127/8 to loopback,
 * so 127.0.0.2 is another host to Loa): what an import reads from, written as a hostile source would serve it
 * where a test asks. It records every path asked for.
 */
public final class FeedHost implements AutoCloseable {

    /** How a path is answered. */
    @FunctionalInterface
    public interface Answer {
        void send(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "feed-host");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private volatile Answer otherwise = exchange -> send(exchange, 404, "text/plain", "not here");
    private final List<String> asked = new CopyOnWriteArrayList<>();

    /** @param lastByte the last byte of the loopback address it listens on: 1 for 127.0.0.1 */
    public FeedHost(int lastByte) {
        try {
            server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastByte}), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().getPath());
            try (exchange) {
                answers.getOrDefault(exchange.getRequestURI().getPath(), otherwise)
                        .send(exchange);
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    public String url(String path) {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + path;
    }

    public FeedHost serve(String path, String atom) {
        answers.put(path, exchange -> send(exchange, 200, "application/atom+xml", atom));
        return this;
    }

    public FeedHost redirect(String path, String location) {
        answers.put(path, exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
        });
        return this;
    }

    /** How every path without an answer of its own is answered. */
    public FeedHost otherwise(Answer answer) {
        otherwise = answer;
        return this;
    }

    public List<String> asked() {
        return asked;
    }

    public static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** An Atom document with one entry per id (each in section thoi-su by its category) and the links given. */
    public static String atom(List<String> ids, Map<String, String> links) {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom"><title>Nguồn</title><id>urn:nguon</id>
                <updated>2024-01-05T01:30:00Z</updated>
                """);
        links.forEach((rel, href) -> xml.append("<link rel=\"")
                .append(rel)
                .append("\" href=\"")
                .append(href)
                .append("\"/>\n"));
        for (String id : ids) {
            xml.append("<entry><id>")
                    .append(id)
                    .append("</id><title>Tin ")
                    .append(id)
                    .append("</title>")
                    .append("<updated>2024-01-05T01:30:00Z</updated><published>2024-01-05T01:30:00Z</published>")
                    .append("<category term=\"thoi-su\"/><content type=\"html\">&lt;p&gt;Đoạn văn.&lt;/p&gt;")
                    .append("</content></entry>\n");
        }
        return xml.append("</feed>\n").toString();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
