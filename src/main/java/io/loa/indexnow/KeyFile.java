package io.loa.indexnow;

import io.javalin.config.RoutesConfig;
import io.loa.config.IndexNowConfig;
import io.loa.http.GetAndHead;

/**
 * The site's IndexNow key, served where search engines check it before trusting a submission. Any other
 * {@code .txt} at the root is not Loa's and answers 404 like every unknown path.
 * <pre>
 * GET /3f6c2a0e9b7d4e1a.txt   → 200 text/plain: 3f6c2a0e9b7d4e1a
 * </pre>
 */
public final class KeyFile {

    private final IndexNowConfig settings;

    public KeyFile(IndexNowConfig settings) {
        this.settings = settings;
    }

    public void register(RoutesConfig routes) {
        GetAndHead.route(
                routes,
                settings.keyPath(),
                ctx -> ctx.contentType("text/plain; charset=utf-8")
                        .header("Cache-Control", "max-age=86400")
                        .result(settings.key()));
    }
}
