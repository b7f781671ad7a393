# Varnish 7 in front of Loa, with vmod xkey from varnish-modules (Debian: apt-get install varnish varnish-modules).
#
#   varnishd -F -a :6081 -f /etc/varnish/loa.vcl -s malloc,256m
#
# Varnish keeps each document as long as Loa's Surrogate-Control says, keeps serving it for as long as its
# stale-if-error says while Loa is down, and drops exactly what a write changed when Loa's purge channel asks
# (site.yaml: purge: [{provider: varnish, url: http://127.0.0.1:6081/}]):
#
#   PURGE /              with  xkey-purge: feed:thoi-su feed:all article:a1    every document holding one of the keys
#   PURGE /feeds/x.rss                                                         that URL, in every variant
#
# Only Loa's port (or host) needs changing here, in `backend loa`.

vcl 4.1;

import std;
import xkey;

backend loa {
    .host = "127.0.0.1";
    .port = "8080";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    # /health answers 200 while Loa and its database are up. Two failed probes of the last three mark Loa down,
    # and from then on every stale copy is served (see vcl_recv); Loa is up again after two good ones.
    .probe = {
        .url = "/health";
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }
}

# Who may purge: Loa's purge channel, on this machine by default. Add the address of each Loa instance.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging is not allowed from " + client.ip));
        }
        if (req.http.xkey-purge) {
            # Space-separated keys, as Loa's documents name them in their xkey header. A hard purge: the next
            # request fetches the new document, rather than being served the old one while it is fetched.
            set req.http.xkey-purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Invalidated " + req.http.xkey-purged + " objects"));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        # The editors' API, WebSub, …: Varnish's built-in rules pass them to Loa.
        return (pass);
    }

    # An article's page URL gives fediverse servers (Mastodon and its kin) the article's ActivityStreams object
    # instead (Vary: Accept): they name application/activity+json or application/ld+json, which no browser does.
    # They are kept as a variant of their own, so a browser never gets the JSON nor a server the HTML.
    # A feed's URL gives either the feed or, to a browser, its HTML page (Vary: Accept). Loa chooses the page
    # when the client ranks text/html above every feed type; browsers name text/html without a weight and feed
    # types, if at all, with a lower one. So the Accept header is cut down to the one choice Loa makes, and a
    # URL is kept in two variants at most instead of one per browser and reader's way of spelling Accept. A
    # client that weighs text/html only with explicit q-values gets the feed, as a client that names nothing does.
    if (req.http.Accept ~ "(?i)application/(activity|ld)\+json") {
        set req.http.Accept = "application/activity+json";
    } elsif (req.http.Accept ~ "(?i)(^|,)\s*text/html\s*(,|$)"
            && req.http.Accept !~ "(?i)(^|,)\s*(application/(rss\+xml|atom\+xml|feed\+json|xml|json)|text/xml)\s*(,|$)") {
        set req.http.Accept = "text/html";
    } else {
        unset req.http.Accept;
    }
    # Accept-Encoding is Varnish's own business (http_gzip_support): it fetches gzip from Loa, keeps that one
    # copy, and gunzips it for the rare client that does not take gzip.

    # While Loa answers its probe, a stale copy is served only within its stale-while-revalidate (vcl_hit
    # decides); while Loa is down, or when it has just failed this very request, any copy within its grace
    # (Surrogate-Control's stale-if-error) is.
    if (req.http.X-Loa-Refetch) {
        set req.grace = 0s;
    } elsif (req.http.X-Loa-Stale-If-Error) {
        # A restart keeps what the pass before set, and req.grace cannot be unset: the refetch's 0s is replaced
        # by no limit of the request's own, so the copy's grace decides.
        set req.grace = 36500d;
    }
    # Then Varnish's built-in rules: requests with Authorization or Cookie go to Loa uncached.
}

sub vcl_hash {
    # One Loa, one site: the Host a request names does not change the document, and Loa's purge channel sends its
    # URL purges to Varnish's own address rather than the public host name.
    hash_data(req.url);
    return (lookup);
}

sub vcl_hit {
    if (obj.ttl < 0s
            && obj.ttl + std.duration(regsub(obj.http.Surrogate-Control,
                "^.*stale-while-revalidate=([0-9]+).*$", "\1") + "s", 0s) < 0s
            && std.healthy(req.backend_hint)
            && !req.http.X-Loa-Stale-If-Error
            && !req.http.X-Loa-Refetch) {
        # Stale beyond stale-while-revalidate while Loa is up: fetched again, as a cache miss, while other
        # requests for it wait for that one fetch.
        set req.http.X-Loa-Refetch = "1";
        return (restart);
    }
}

sub vcl_backend_fetch {
    unset bereq.http.X-Loa-Refetch;
    unset bereq.http.X-Loa-Stale-If-Error;
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # One stored copy whatever the client's Accept-Encoding (see vcl_recv); vcl_deliver tells downstream caches.
    if (beresp.http.Vary) {
        set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)(^|,)\s*Accept-Encoding\s*(?=,|$)", "");
        set beresp.http.Vary = regsub(beresp.http.Vary, "^\s*,\s*", "");
        if (beresp.http.Vary == "") {
            unset beresp.http.Vary;
        }
    }
    if (beresp.http.Surrogate-Control ~ "(^|,)\s*max-age=[0-9]+") {
        # Loa marks what a shared cache may keep, and for how long, with Surrogate-Control: max-age=…,
        # stale-while-revalidate=…, stale-if-error=… (RFC 5861). xkey indexes it by its xkey header.
        set beresp.ttl = std.duration(regsub(beresp.http.Surrogate-Control,
            "^(.*,)?\s*max-age=([0-9]+).*$", "\2") + "s", 0s);
        set beresp.grace = std.duration(regsub(beresp.http.Surrogate-Control,
            "^.*stale-if-error=([0-9]+).*$", "\1") + "s", 0s);
        if (std.duration(regsub(beresp.http.Surrogate-Control,
                "^.*stale-while-revalidate=([0-9]+).*$", "\1") + "s", 0s) > beresp.grace) {
            set beresp.grace = std.duration(regsub(beresp.http.Surrogate-Control,
                "^.*stale-while-revalidate=([0-9]+).*$", "\1") + "s", 0s);
        }
        # Past its grace a copy still serves to ask Loa If-None-Match, answered 304 when nothing changed.
        set beresp.keep = 1d;
        return (deliver);
    }
    # Everything else (errors, a feed's page for browsers, which is private) is not kept: asked of Loa each time,
    # without queueing behind one another.
    set beresp.uncacheable = true;
    set beresp.ttl = 10s;
    return (deliver);
}

sub vcl_backend_error {
    # A background refresh that failed leaves the stale copy in place, served while its grace lasts.
    if (bereq.is_bgfetch) {
        return (abandon);
    }
}

sub vcl_deliver {
    if (resp.status >= 500 && !req.http.X-Loa-Stale-If-Error
            && (req.method == "GET" || req.method == "HEAD")) {
        # Loa failed, or is gone and the probe has not noticed yet: asked once more, with any stale copy in its
        # grace (stale-if-error) good enough.
        set req.http.X-Loa-Stale-If-Error = "1";
        unset req.http.X-Loa-Refetch;
        return (restart);
    }
    # What Loa tells shared caches is for this cache: readers get Cache-Control, ETag and Last-Modified.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Surrogate-Control;
    unset resp.http.CDN-Cache-Control;
    unset resp.http.Cache-Tag;
    if (!resp.http.Vary) {
        set resp.http.Vary = "Accept-Encoding";
    } elsif (resp.http.Vary !~ "(?i)Accept-Encoding") {
        set resp.http.Vary = resp.http.Vary + ", Accept-Encoding";
    }
}

sub vcl_synth {
    if (req.method == "PURGE") {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        synthetic(resp.reason + {"
"});
        return (deliver);
    }
}
