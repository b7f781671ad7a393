package io.loa.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place errors become responses: every failure leaves as {@code application/problem+json} (RFC 9457),
 * with the offending field named where there is one, but on a page's path, where a browser gets the site's error
 * page unless it prefers JSON. Unexpected exceptions are logged and answered with a bare 500.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    /** The body of every error response. {@code field} repeats the first entry of {@code errors}, for simple clients. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Problem(String type, String title, int status, String detail, String instance, String field,
                   List<FieldError> errors) {}

    private final ObjectMapper json;
    private final PageErrors pages;

    public Problems(ObjectMapper json, PageErrors pages) {
        this.json = json;
        this.pages = pages;
    }

    public void register(JavalinConfig config) {
        config.routes.exception(ProblemException.class, (e, ctx) -> {
            e.headers().forEach(ctx::header);
            send(ctx, e.status(), e.getMessage(), e.errors());
        });
        config.routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (e instanceof MethodNotAllowedResponse) {
                // A 405 names the methods the resource takes (RFC 9110, 15.5.6): the one detail Javalin gives.
                e.getDetails().values().stream().findFirst().ifPresent(methods -> ctx.header("Allow", methods));
            }
            send(ctx, e.getStatus(), e.getMessage(), List.of());
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            send(ctx, 500, "The server failed to handle this request; it has been logged.", List.of());
        });
    }

    void send(Context ctx, int status, String detail, List<FieldError> errors) {
        if (pages.covers(ctx.path())) {
            // A page's error is a page, unless the client prefers JSON: what it gets depends on Accept.
            ctx.header("Vary", "Accept");
            if (prefersHtml(ctx.header("Accept"))) {
                Representation page = pages.page(status);
                ctx.status(status).header("Content-Type", page.contentType())
                        .header("Content-Security-Policy", page.policy())
                        .header("Content-Length", String.valueOf(page.body().length));
                ctx.result(page.body());
                return;
            }
        }
        String field = errors.isEmpty() ? null : errors.get(0).field();
        Problem problem = new Problem("about:blank", HttpStatus.forStatus(status).getMessage(), status, detail,
                ctx.path(), field, errors);
        try {
            byte[] body = json.writeValueAsBytes(problem);
            ctx.status(status).contentType(MEDIA_TYPE).header("Content-Length", String.valueOf(body.length));
            ctx.result(body);
        } catch (Exception e) {
            ctx.status(500).result("");
        }
    }

    /** Whether {@code accept} takes HTML at least as gladly as a problem document (RFC 9110, 12.5.1). */
    private static boolean prefersHtml(String accept) {
        QualityValues weights = QualityValues.parse(accept);
        double json = Math.max(weights.mediaType(MEDIA_TYPE), weights.mediaType("application/json"));
        return weights.mediaType("text/html") >= json;
    }
}
