package io.loa.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.loa.ServerSetup;
import io.loa.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The access log: one line a request, whose byte count is the body the client received, never "null". */
class AccessLogTest {

    private static final Pattern LINE = Pattern.compile(
            "^method=(\\S+) route=\\S+ path=\"([^\"]*)\" status=(\\d+) ms=\\d+\\.\\d\\d bytes=(\\d+|-) client=\\S+$");

    @Test
    void everyLineSaysTheBytesOfBodySent() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("io.loa.access");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        access.addAppender(log);
        List<HttpResponse<byte[]>> answers = new ArrayList<>();
        try (TestServer server =
                ServerSetup.defaults().setting("LOA_ACCESS_LOG", "true").demo().start()) {
            for (String path : List.of(
                    "/feeds/all.rss",
                    "/",
                    "/sections/thoi-su",
                    "/api/sections",
                    "/assets/icon.png",
                    "/api/articles/khong-co",
                    "/sections/khong-co",
                    "/health")) {
                HttpResponse<byte[]> first = server.getBytes(path);
                answers.add(first);
                first.headers()
                        .firstValue("ETag")
                        .ifPresent(etag -> answers.add(server.sendBytes(
                                HttpRequest.newBuilder(server.uri(path)).header("If-None-Match", etag))));
                answers.add(server.sendBytes(
                        HttpRequest.newBuilder(server.uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody())));
            }
        } finally {
            access.detachAppender(log);
        }
        List<String> lines;
        synchronized (log) {
            lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
        assertThat(answers).extracting(HttpResponse::statusCode).contains(200, 304, 404);
        // A line is written as its answer goes out, so lines and answers are matched by what they are about.
        Map<String, Integer> received = new HashMap<>();
        answers.forEach(answer -> received.put(
                answer.request().method() + " " + answer.uri().getPath() + " " + answer.statusCode(),
                answer.body().length));
        assertThat(lines).hasSameSizeAs(answers).noneMatch(line -> line.contains("null"));
        for (String text : lines) {
            Matcher line = LINE.matcher(text);
            assertThat(line.matches()).as(text).isTrue();
            String about = line.group(1) + " " + line.group(2) + " " + line.group(3);
            assertThat(received).as(text).containsKey(about);
            if (!line.group(4).equals("-")) {
                assertThat(Integer.parseInt(line.group(4))).as(text).isEqualTo(received.get(about));
            }
        }
    }
}
