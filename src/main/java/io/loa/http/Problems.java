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
 * with the offending field named where there is one. Unexpected exceptions are logged and answered with a bare 500.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    /** The body of every error response. {@code field} repeats the first entry of {@code errors}, for simple clients. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Problem(String type, String title, int status, String detail, String instance, String field,
                   List<FieldError> errors) {}

    private final ObjectMapper json;

    public Problems(ObjectMapper json) {
        this.json = json;
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
}
