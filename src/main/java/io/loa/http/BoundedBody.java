package io.loa.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to a limit. A larger one is refused (413). A body refused, for its size or otherwise
 * before it is read, is read and dropped up to {@link #DRAIN_BYTES}: left unread, it makes the server close the
 * connection, and the client hears a reset instead of the answer (or meets the closed connection on its next
 * request).
 */
public final class BoundedBody {

    static final int DRAIN_BYTES = 4 * 1024 * 1024;

    private BoundedBody() {}

    public static byte[] read(Context ctx, int maxBytes) {
        try (InputStream in = ctx.bodyInputStream()) {
            if (ctx.req().getContentLengthLong() > maxBytes) {
                throw tooLarge(in, maxBytes);
            }
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge(in, maxBytes);
            }
            return body;
        } catch (IOException e) {
            throw new ProblemException(400, "The request body could not be read.");
        }
    }

    /** Refuses a request without reading its body: the body is dropped first (see above). */
    public static ProblemException refuse(Context ctx, ProblemException problem) {
        try (InputStream in = ctx.bodyInputStream()) {
            drain(in);
        } catch (IOException e) {
            // the client went away: nothing is left to keep the connection healthy for
        }
        return problem;
    }

    private static ProblemException tooLarge(InputStream in, int maxBytes) throws IOException {
        drain(in);
        return new ProblemException(413, "The request body is larger than the limit of " + maxBytes + " bytes.");
    }

    private static void drain(InputStream in) throws IOException {
        long dropped = 0;
        byte[] sink = new byte[8192];
        for (int n; dropped < DRAIN_BYTES && (n = in.read(sink)) > 0; ) {
            dropped += n;
        }
    }
}
