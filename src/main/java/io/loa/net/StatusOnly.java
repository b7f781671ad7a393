package io.loa.net;

import java.nio.ByteBuffer;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Receives the answer to an outbound call whose status alone counts (a webhook, a purge): the body is read up to
 * a bound and dropped, a longer one cut off, and the call ends as a status, or as no status and a line saying
 * what went wrong that is safe to show in receipts (no URL, so no secret in a query; no header).
 */
public final class StatusOnly implements Response.Listener {

    /**
     * How a call ended: a status, or none and what went wrong; and the answer's {@code Retry-After}, as written,
     * if it had one.
     */
    public record Answer(Integer status, String error, String retryAfter) {}

    private final int maxAnswerBytes;
    private final Consumer<Answer> outcome;
    private int read;

    /** @param outcome takes the status, or null and what went wrong, once the call is over */
    public StatusOnly(int maxAnswerBytes, BiConsumer<Integer, String> outcome) {
        this(maxAnswerBytes, (Answer answer) -> outcome.accept(answer.status(), answer.error()));
    }

    /** @param outcome takes how the call ended, with the answer's {@code Retry-After}, once it is over */
    public StatusOnly(int maxAnswerBytes, Consumer<Answer> outcome) {
        this.maxAnswerBytes = maxAnswerBytes;
        this.outcome = outcome;
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
        read += content.remaining();
        content.position(content.limit());
        if (read > maxAnswerBytes) {
            response.abort(new IllegalStateException("answer longer than " + maxAnswerBytes + " bytes"));
        }
    }

    @Override
    public void onComplete(Result result) {
        Response response = result.getResponse();
        boolean answered = response != null && response.getStatus() > 0;
        if (answered && (!result.isFailed() || read > maxAnswerBytes)) {
            outcome.accept(
                    new Answer(response.getStatus(), null, response.getHeaders().get(HttpHeader.RETRY_AFTER)));
        } else {
            outcome.accept(new Answer(null, describe(result.getFailure()), null));
        }
    }

    /** What went wrong, in a line of at most 200 characters: the failure's type and its message's first line. */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "no answer";
        }
        String message = failure.getMessage() == null
                ? ""
                : ": " + failure.getMessage().lines().findFirst().orElse("");
        String said = failure.getClass().getSimpleName() + message;
        return said.length() > 200 ? said.substring(0, 199) + "…" : said;
    }
}
