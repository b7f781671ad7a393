package io.loa.http;

import io.loa.http.ConditionalGet.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * The header fields of one answer, encoded once for Jetty's generator and kept with the document they describe:
 * the polls of a cached feed are answered with the very same fields thousands of times, and Jetty copies a
 * pre-encoded field to the socket's buffer as it is, where a plain one is checked and encoded anew every time.
 * Each field is the one {@link Answer#headers} names, so an answer reads the same whichever way it is written.
 */
final class EncodedHeaders {

    private final Answer shape;
    private final HttpField[] fields;

    private EncodedHeaders(Answer shape) {
        this.shape = shape;
        List<HttpField> encoded = new ArrayList<>();
        shape.headers((name, value) -> encoded.add(new PreEncodedHttpField(HttpHeader.CACHE.get(name), name, value)));
        this.fields = encoded.toArray(HttpField[]::new);
    }

    /** The fields of {@code answer}: {@code kept} when it was made for an answer with the same headers. */
    static EncodedHeaders of(Answer answer, EncodedHeaders kept) {
        return kept != null && kept.sameHeaders(answer) ? kept : new EncodedHeaders(answer);
    }

    void addTo(HttpFields.Mutable headers) {
        for (HttpField field : fields) {
            headers.add(field);
        }
    }

    /** True when {@code answer} has every header value this was made for (the same strings, mostly). */
    private boolean sameHeaders(Answer answer) {
        return shape.status() == answer.status()
                && shape.gzip() == answer.gzip()
                && shape.contentLength() == answer.contentLength()
                && shape.variant() == answer.variant()
                && shape.cdn() == answer.cdn()
                && Objects.equals(shape.etag(), answer.etag())
                && Objects.equals(shape.vary(), answer.vary())
                && Objects.equals(shape.cacheControl(), answer.cacheControl())
                && Objects.equals(shape.lastModified(), answer.lastModified())
                && Objects.equals(shape.contentType(), answer.contentType())
                && Objects.equals(shape.policy(), answer.policy())
                && Objects.equals(shape.link(), answer.link());
    }
}
