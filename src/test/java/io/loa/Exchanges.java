package io.loa;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What a {@link java.net.http.HttpClient} exchange was, as {@link ApiContract} reads it. */
public final class Exchanges {

    /** Bodies larger than this are not read back for the check: nothing the contract accepts is this large. */
    private static final long MAX_REREAD = 8L * 1024 * 1024;

    private Exchanges() {}

    public static ApiContract.Exchange of(HttpRequest request, HttpResponse<?> response) {
        Object body = response.body();
        byte[] bytes = body instanceof byte[] b
                ? b
                : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : new byte[0];
        return new ApiContract.Exchange(
                request.method(),
                request.uri().getRawPath(),
                request.headers().map(),
                requestBody(request),
                response.statusCode(),
                response.headers().map(),
                bytes);
    }

    /**
     * The bytes the request sent, read again from its publisher (those of strings and byte arrays can be read any
     * number of times); null for a body of unknown length, which may be readable only once.
     */
    static byte[] requestBody(HttpRequest request) {
        HttpRequest.BodyPublisher publisher = request.bodyPublisher().orElse(null);
        if (publisher == null || publisher.contentLength() == 0) {
            return new byte[0];
        }
        if (publisher.contentLength() < 0 || publisher.contentLength() > MAX_REREAD) {
            return null;
        }
        CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
            private final ByteArrayOutputStream out = new ByteArrayOutputStream();

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.write(chunk, 0, chunk.length);
            }

            @Override
            public void onError(Throwable throwable) {
                bytes.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                bytes.complete(out.toByteArray());
            }
        });
        try {
            return bytes.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The request body could not be read back for the contract check", e);
        }
    }
}
