package io.loa;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import io.loa.fault.Fault;
import io.loa.fault.FieldError;
import io.loa.fault.Forbidden;
import io.loa.fault.Gone;
import io.loa.fault.Invalid;
import io.loa.fault.Malformed;
import io.loa.fault.NotFound;
import io.loa.fault.NotReady;
import io.loa.fault.Overloaded;
import io.loa.fault.PreconditionFailed;
import io.loa.fault.RetryLater;
import io.loa.fault.Throttled;
import io.loa.fault.Unauthenticated;
import io.loa.http.PageErrors;
import io.loa.http.ProblemErrorHandler;
import io.loa.http.ProblemException;
import io.loa.http.QualityValues;
import io.loa.http.Representation;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place errors become responses: every failure leaves as {@code application/problem+json} (RFC 9457),
 * with the offending field named where there is one; each kind of {@link Fault} the domain throws has its status
 * here, and nowhere else, but on a page's path, where a browser gets the site's error
 * page unless it prefers JSON. Unexpected exceptions are logged and answered with a bare 500.
 */
public final class Problems {

    public static final String MEDIA_TYPE = ProblemErrorHandler.MEDIA_TYPE;
    /** What a client asks for when it wants JSON of some kind, and so a problem document on a page's path. */
    private static final List<String> JSON_TYPES =
            List.of(MEDIA_TYPE, "application/json", "application/activity+json", "application/ld+json");

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    /** The body of every error response. {@code field} repeats the first entry of {@code errors}, for simple clients. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Problem(
            String type,
            String title,
            int status,
            String detail,
            String instance,
            String field,
            List<FieldError> errors) {}

    /** Each kind of fault's status: every kind the domain has (each final subclass of {@link Fault}) is here. */
    static final Map<Class<? extends Fault>, Integer> STATUS = Map.of(
            Malformed.class, 400,
            Invalid.class, 422,
            Unauthenticated.class, 401,
            Forbidden.class, 403,
            NotFound.class, 404,
            Gone.class, 410,
            PreconditionFailed.class, 412,
            Throttled.class, 429,
            Overloaded.class, 503,
            NotReady.class, 503);

    private final ObjectMapper json;
    private final PageErrors pages;

    public Problems(ObjectMapper json, PageErrors pages) {
        this.json = json;
        this.pages = pages;
    }

    public void register(JavalinConfig config) {
        config.routes.exception(Fault.class, (e, ctx) -> {
            headers(e).forEach(ctx::header);
            List<FieldError> errors = e instanceof Invalid invalid ? invalid.errors() : List.of();
            send(ctx, STATUS.get(e.getClass()), e.detail(), errors);
        });
        config.routes.exception(
                ProblemException.class,
                (e, ctx) -> send(
                        ctx,
                        e.status(),
                        e.getMessage(),
                        e.field()
                                .map(field -> List.of(new FieldError(field, e.fieldDetail())))
                                .orElse(List.of())));
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

    /** What a client is told beside the problem: how to authenticate (RFC 6750, 3), when to come back (RFC 9110). */
    private static Map<String, String> headers(Fault fault) {
        if (fault instanceof Unauthenticated e) {
            String error =
                    e.reason().map(reason -> ", error=\"" + reason + "\"").orElse("");
            return Map.of("WWW-Authenticate", "Bearer realm=\"loa\"" + error);
        }
        if (fault instanceof RetryLater e) {
            return Map.of("Retry-After", String.valueOf(e.retryAfter().toSeconds()));
        }
        return Map.of();
    }

    void send(Context ctx, int status, String detail, List<FieldError> errors) {
        if (pages.covers(ctx.path())) {
            // A page's error is a page, unless the client prefers JSON: what it gets depends on Accept.
            ctx.header("Vary", "Accept");
            if (prefersHtml(ctx.header("Accept"))) {
                Representation page = pages.page(status);
                ctx.status(status)
                        .header("Content-Type", page.contentType())
                        .header("Content-Security-Policy", page.policy())
                        .header("Content-Length", String.valueOf(page.body().length));
                ctx.result(page.body());
                return;
            }
        }
        String field = errors.isEmpty() ? null : errors.get(0).field();
        Problem problem = new Problem(
                "about:blank", HttpStatus.forStatus(status).getMessage(), status, detail, ctx.path(), field, errors);
        try {
            byte[] body = json.writeValueAsBytes(problem);
            ctx.status(status).contentType(MEDIA_TYPE).header("Content-Length", String.valueOf(body.length));
            ctx.result(body);
        } catch (Exception e) {
            ctx.status(500).result("");
        }
    }

    /**
     * Whether {@code accept} takes HTML at least as gladly as a problem document (RFC 9110, 12.5.1): a client that
     * asks for JSON of any kind (a fediverse server, for an article's object) is a program, and reads the problem.
     */
    private static boolean prefersHtml(String accept) {
        QualityValues weights = QualityValues.parse(accept);
        double json = JSON_TYPES.stream().mapToDouble(weights::mediaType).max().orElse(0);
        return weights.mediaType("text/html") >= json;
    }
}
