"""The Python of breaking-news, standard library only; the articles, the HTTP client and wrk's output are feed_bench's.

    breaking_news.py lua FILE
    breaking_news.py run --base URL --token T --section SLUG --wrk-seconds S --writes N [--interval SECONDS]
    breaking_news.py table FILE...

``lua`` writes wrk's script: readers polling one feed, half of them sending back the ETag of the last answer they
saw (If-None-Match) and half a plain gzip GET. ``run`` starts wrk with it, puts a new article on top of the section
once every interval while wrk polls, follows each write until the polled feed shows it, and reads Loa's render
counter before and after: one JSON line. ``table`` prints the summary and the targets. Progress goes to stderr.
"""

import argparse
import gzip
import json
import subprocess
import sys
import threading
import time

from feed_bench import Client, article_of, encoded, fmt, now_utc7, parse_wrk, percentile, read_results, verdict

TARGET_P99_MS = 20
FIRST_ID = 900_000  # far past the articles the section was filled with

# Each wrk thread keeps the ETag of the last 200 it saw; every second request sends it back. Statuses are counted per
# thread and summed in done(), which wrk runs once, after every thread stopped.
LUA = r"""
local threads = {}
local etag, n = nil, 0
-- Globals, so that done() can read each thread's with thread:get.
ok, not_modified, server_errors, other = 0, 0, 0, 0

function setup(thread)
  table.insert(threads, thread)
end

function request()
  n = n + 1
  if etag ~= nil and n % 2 == 0 then
    return wrk.format("GET", nil, {["Accept-Encoding"] = "gzip", ["If-None-Match"] = etag})
  end
  return wrk.format("GET", nil, {["Accept-Encoding"] = "gzip"})
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
    etag = headers["ETag"] or headers["etag"] or etag
  elseif status == 304 then
    not_modified = not_modified + 1
  elseif status >= 500 then
    server_errors = server_errors + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local totals = {ok = 0, not_modified = 0, server_errors = 0, other = 0}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(totals) do
      totals[key] = totals[key] + thread:get(key)
    end
  end
  io.write(string.format("statuses: 200=%d 304=%d 5xx=%d other=%d\n",
    totals.ok, totals.not_modified, totals.server_errors, totals.other))
end
"""


def metric(base, name):
    """The sum of a Prometheus counter's samples in Loa's /metrics (0 when it has none yet)."""
    status, data = Client(base).request("GET", "/metrics")
    if status != 200:
        raise SystemExit(f"breaking_news.py: /metrics answered {status}")
    total = 0.0
    for line in data.decode("utf-8").splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            total += float(line.rsplit(" ", 1)[1])
    return total


def breaking_article(k, section):
    """Breaking news number k: a generated article, in the section alone, published now so that it tops the feed."""
    article = article_of(FIRST_ID + k, now_utc7())
    article.update(sections=[section], published=now_utc7().isoformat(timespec="seconds"),
                   url=f"https://baohatinh.vn/tin-nong/breaking-{k:04d}.html")
    return article


def follow(base, path, marker, sent):
    """Polls the feed until its body holds `marker`; the time from `sent` (perf_counter) to the answer that did."""
    client = Client(base)
    deadline = sent + 10
    try:
        while time.perf_counter() < deadline:
            status, data = client.request("GET", path, headers={"Accept-Encoding": "gzip"})
            if status == 200 and marker in gzip.decompress(data):
                return (time.perf_counter() - sent) * 1000
    finally:
        client.close()
    return None


def run(args):
    path = f"/feeds/{args.section}.rss"
    renders_before = metric(args.base, "loa_feed_render_seconds_count")
    misses_before = metric(args.base, "loa_feed_cache_misses_total")
    wrk = subprocess.Popen(["wrk", "-t2", "-c64", f"-d{args.wrk_seconds}s", "--latency", "--timeout", "30s",
                            "-s", args.lua, args.base + path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
    time.sleep(1)  # wrk's connections open and polls begin before the first write
    writer = Client(args.base, args.token)
    writes, acks, seen_after_sent, seen_after_ack, failed, late = [], [], [], [], [], 0
    started = time.perf_counter()
    for k in range(args.writes):
        due = started + k * args.interval
        time.sleep(max(0.0, due - time.perf_counter()))
        article = breaking_article(k, args.section)
        marker = article["url"].encode()
        sent = time.perf_counter()
        status, data = writer.put_article(f"breaking-{k:04d}", encoded(article))
        acked = time.perf_counter()
        if not 200 <= status < 300:
            failed.append(f"PUT {status} {data[:200].decode('utf-8', 'replace')}")
            continue
        writes.append(k)
        acks.append((acked - sent) * 1000)
        # Followed in a thread of its own, so the next write keeps its second.
        holder = {}
        thread = threading.Thread(target=lambda h=holder, m=marker, t=sent: h.update(ms=follow(args.base, path, m, t)))
        thread.start()
        thread.join(args.interval * 0.8)
        ms = holder.get("ms")
        if ms is None:
            late += 1
        else:
            seen_after_sent.append(ms)
            seen_after_ack.append(ms - acks[-1])
    writer.close()
    out, _ = wrk.communicate()
    time.sleep(1)  # the last write's renders are done: every poll after it asked for the new document
    renders = metric(args.base, "loa_feed_render_seconds_count") - renders_before
    misses = metric(args.base, "loa_feed_cache_misses_total") - misses_before
    w = parse_wrk(out)
    statuses = {}
    for line in out.splitlines():
        if line.startswith("statuses:"):
            statuses = {k: int(v) for k, v in (pair.split("=") for pair in line.split()[1:])}
    result = {"kind": "breaking", "section": args.section, "path": path, "writes": len(writes),
              "failed_writes": failed[:3], "nfailed": len(failed), "renders": renders, "misses": misses,
              "rps": w["rps"], "p50": w["p50"], "p99": w["p99"], "requests": w["requests"],
              "socket_errors": w["socket_errors"], "non2xx3xx": w["non2xx3xx"], "statuses": statuses,
              "late": late, "wrk_seconds": args.wrk_seconds}
    for name, values in (("put_ms", acks), ("seen_ms", seen_after_sent), ("seen_after_ack_ms", seen_after_ack)):
        if values:
            result[name] = {"median": round(percentile(values, 50), 2), "p90": round(percentile(values, 90), 2),
                            "max": round(max(values), 2)}
    print(json.dumps(result), flush=True)
    print(f"  {len(writes)} writes, {fmt(renders)} renders, {fmt(w['rps'])} req/s, p99 {fmt(w['p99'], '.2f')} ms,"
          f" statuses {statuses}", file=sys.stderr)
    if w["rps"] is None:
        print(out, file=sys.stderr)


def table(results):
    meta = {}
    for r in results:
        if r.get("kind") == "meta":
            meta.update(r)
    r = next((r for r in results if r.get("kind") == "breaking"), None)
    rss = next((r for r in results if r.get("kind") == "rss"), {})
    feed = next((r for r in results if r.get("kind") == "feed"), {})
    if r is None:
        raise SystemExit("breaking_news.py: no run to report")
    lines = []
    say = lines.append
    say(f"breaking-news: Loa on {meta.get('cpus')} CPUs; load average {meta.get('load_start')} at the start,"
        f" {meta.get('load_end')} at the end")
    say(f"  Loa: its default settings (access log on, stderr appended to a file), java {meta.get('java_opts')}")
    say(f"  {r['path']}: {feed.get('items')} items, {fmt(feed.get('bytes'), ',')} bytes"
        f" (gzip {fmt(feed.get('gzip_bytes'), ',')}); a new article on top of it every {meta.get('interval')} s")
    say(f"  readers: wrk -t2 -c64 -d{r['wrk_seconds']}s, half of the polls If-None-Match of the last ETag seen,"
        " half plain gzip GETs")
    say("")
    s = r["statuses"]
    renders_per_change = r["renders"] / r["writes"] if r["writes"] else None
    say("| writes | renders | renders per change | req/s | p50 | p99 | 200 | 304 | 5xx | other |")
    say("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    say(f"| {r['writes']} | {fmt(r['renders'])} | {fmt(renders_per_change, '.2f')} | {fmt(r['rps'])}"
        f" | {fmt(r['p50'], '.2f')} ms | {fmt(r['p99'], '.2f')} ms | {s.get('200', 0):,} | {s.get('304', 0):,}"
        f" | {s.get('5xx', 0):,} | {s.get('other', 0):,} |")
    say("")
    for name, label in (("put_ms", "PUT answered"), ("seen_ms", "new article in the polled feed, from the PUT"),
                        ("seen_after_ack_ms", "the same, from the PUT's answer")):
        v = r.get(name)
        if v:
            say(f"  {label:<48} median {v['median']:.2f} ms, p90 {v['p90']:.2f} ms, max {v['max']:.2f} ms")
    if r["late"]:
        say(f"  {r['late']} write(s) not seen in the feed within the interval")
    if r["nfailed"]:
        say(f"  {r['nfailed']} write(s) failed: {r['failed_writes']}")
    if r["socket_errors"]:
        say(f"  wrk socket errors: {r['socket_errors']}")
    say(f"  render cache misses during the run: {fmt(r['misses'])}; Loa max RSS {fmt(rss.get('all_max_mb'), ',.1f')} MB")
    say("")
    say("Targets")
    fivexx = s.get("5xx", 0) + (r["non2xx3xx"] if s.get("other", 0) == 0 else 0)
    checks = (
        ("exactly one render per change", fmt(renders_per_change, ".2f"),
         None if renders_per_change is None else r["renders"] == r["writes"]),
        (f"p99 ≤ {TARGET_P99_MS} ms", f"{fmt(r['p99'], '.2f')} ms", None if r["p99"] is None else r["p99"] <= TARGET_P99_MS),
        ("no 5xx", f"{fivexx:,}", fivexx == 0),
        ("every write in the feed within its second", f"{r['writes'] - r['late']}/{r['writes']}",
         r["late"] == 0 and r["writes"] > 0),
    )
    for label, value, ok in checks:
        say(f"  {label:<44} {value:>10}   {verdict(ok)}")
    print("\n".join(lines))


def main(argv):
    parser = argparse.ArgumentParser(prog="breaking_news.py")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("lua")
    p.add_argument("file")
    p = sub.add_parser("run")
    for name in ("--base", "--token", "--section", "--lua"):
        p.add_argument(name, required=True)
    p.add_argument("--wrk-seconds", type=int, required=True)
    p.add_argument("--writes", type=int, required=True)
    p.add_argument("--interval", type=float, default=1.0)
    p = sub.add_parser("table")
    p.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    if args.command == "lua":
        with open(args.file, "w", encoding="utf-8") as f:
            f.write(LUA)
    elif args.command == "run":
        run(args)
    else:
        results = read_results(args.files)
        table(results)


if __name__ == "__main__":
    main(sys.argv[1:])
