"""The Python of reads-bench, standard library only; the HTTP client is feed_bench's.

    reads_bench.py measure --base URL --token T --samples S --label L
    reads_bench.py table FILE...

``measure`` times, for each kind of document a reader asks for, the GET that follows a write which changed it (so
that no cache holds it), and prints one JSON line per row. ``table`` prints the rows of one or more runs side by
side (a run per article count), with the ratio of each to the smallest run. Progress goes to stderr.
"""

import argparse
import json
import statistics
import sys
import time
import urllib.parse
from datetime import date

from feed_bench import Client, encoded, now_utc7, percentile

PROBE = "reads-bench-probe"
# The probe is in a section, by an author and under a tag that the seeded articles fill too: each write of it changes
# these feeds, and it tops them, as a new article does.
SECTION, AUTHOR, AUTHOR_SLUG, TAG, TAG_SLUG = "thoi-su", "Trần Tuấn", "tran-tuan", "Chủ đề 7", "chu-de-7"
EMPTY = "tin-van"  # no seeded article is in it
RARE, COMMON = "Formosa", "người"
ACCEPT = {"feed": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8",
          "html": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def search_path(q):
    return "/feeds/search.rss?" + urllib.parse.urlencode({"q": q})


def months_back(k):
    """A different month for each sample, counted back from two months ago: an archive nobody asked for yet."""
    today = date.today()
    m = today.year * 12 + today.month - 1 - 2 - k
    return f"{m // 12:04d}-{m % 12 + 1:02d}"


# (row, label, path for sample k, accept, needs a write before it)
ROWS = [
    ("section", "section feed", lambda k: f"/feeds/{SECTION}.rss", "feed", True),
    ("all", "all feed", lambda k: "/feeds/all.rss", "feed", True),
    ("author", "author feed", lambda k: f"/feeds/author/{AUTHOR_SLUG}.rss", "feed", True),
    ("tag", "tag feed", lambda k: f"/feeds/tag/{TAG_SLUG}.rss", "feed", True),
    ("section-p5", "section feed ?page=5", lambda k: f"/feeds/{SECTION}.rss?page=5", "feed", True),
    ("all-p5", "all feed ?page=5", lambda k: "/feeds/all.rss?page=5", "feed", True),
    ("search-rare", f"search feed, rare word ({RARE})", lambda k: search_path(RARE), "feed", True),
    ("search-common", f"search feed, common word ({COMMON})", lambda k: search_path(COMMON), "feed", True),
    ("sitemap", "sitemap index", lambda k: "/sitemap.xml", "feed", True),
    ("article", "article page (the probe's)", lambda k: f"/articles/{PROBE}", "html", True),
    ("section-page", "section page", lambda k: f"/sections/{SECTION}", "html", True),
    # Archives of months the probe is not in: a month not asked for before is as cold as a changed one.
    ("section-archive", "section archive, a month", lambda k: f"/feeds/{SECTION}/archive/{months_back(k)}.rss",
     "feed", False),
    ("all-archive", "all archive, a month", lambda k: f"/feeds/all/archive/{months_back(k)}.rss", "feed", False),
]


def probe(k):
    return encoded({"title": f"Reads bench probe {k}", "summary": f"Written before timed read {k}.",
                    "body": f"<p>Probe {k}.</p>", "author": AUTHOR, "sections": [SECTION], "tags": [TAG],
                    "published": now_utc7().isoformat(timespec="seconds")})


def timed(client, path, accept):
    t0 = time.perf_counter()
    status, data = client.request("GET", path, headers={"Accept": ACCEPT[accept], "Accept-Encoding": "gzip"})
    return status, (time.perf_counter() - t0) * 1000, len(data)


def measure(base, token, samples, label):
    writer, reader = Client(base, token), Client(base)
    results = []
    # The empty section first, before any other read: each format is its own document, none cached yet.
    empty = []
    for ext in ("rss", "atom", "json"):
        status, ms, _ = timed(reader, f"/feeds/{EMPTY}.{ext}", "feed")
        if status == 200:
            empty.append(ms)
    results.append(row_result("empty-section", "empty section's feed (first read)", empty, [], label))
    slug = None
    for name, text, path_of, accept, write in ROWS:
        times, bad = [], []
        for k in range(samples + 1):  # the first of each row is not counted: it pays for the JIT
            if write:
                status, data = writer.put_article(PROBE, probe(k))
                if not 200 <= status < 300:
                    raise SystemExit(f"reads_bench.py: PUT {PROBE}: {status} {data[:300]!r}")
                slug = slug or json.loads(data).get("slug")
            path = path_of(k).replace(f"/articles/{PROBE}", f"/articles/{slug}")
            status, ms, size = timed(reader, path, accept)
            if status != 200:
                bad.append(f"GET {path}: {status}")
            elif k > 0:
                times.append(ms)
        results.append(row_result(name, text, times, bad, label))
        print(f"  {text}: median {results[-1].get('median')} ms", file=sys.stderr, flush=True)
    status, _ = writer.request("DELETE", f"/api/articles/{PROBE}")
    writer.close()
    reader.close()
    return results


def row_result(name, text, times, bad, label):
    r = {"kind": "read", "run": label, "row": name, "label": text, "samples": len(times), "failed": len(bad),
         "errors": bad[:3]}
    if times:
        r.update(median=round(statistics.median(times), 2), p90=round(percentile(times, 90), 2),
                 min=round(min(times), 2), max=round(max(times), 2))
    return r


def table(paths):
    runs, meta = {}, {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if r.get("kind") == "read":
                    runs.setdefault(r["run"], {})[r["row"]] = r
                elif r.get("kind") == "meta" and "run" in r:
                    meta.setdefault(r["run"], {}).update(r)
    labels = list(runs)
    if not labels:
        return
    smallest = labels[0]
    out = ["| read | " + " | ".join(f"{l} median (p90)" for l in labels) + " | ratio to " + smallest + " |",
           "| --- |" + " ---: |" * (len(labels) + 1)]
    rows = list(runs[smallest].values())
    for r in rows:
        cells = []
        for l in labels:
            x = runs[l].get(r["row"], {})
            cells.append(f"{x['median']:.1f} ms ({x['p90']:.1f})" if "median" in x else "n/a")
        last = runs[labels[-1]].get(r["row"], {})
        ratio = (f"{last['median'] / r['median']:.2f}" if "median" in last and r.get("median") else "n/a")
        out.append(f"| {r['label']} | " + " | ".join(cells) + f" | {ratio} |")
    for l in labels:
        m = meta.get(l, {})
        out.append(f"{l}: " + ", ".join(f"{k}={v}" for k, v in m.items() if k not in ("kind", "run")))
    print("\n".join(out))


def main(argv):
    parser = argparse.ArgumentParser(prog="reads_bench.py")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("measure")
    p.add_argument("--base", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--samples", type=int, default=15)
    p.add_argument("--label", required=True)
    p = sub.add_parser("table")
    p.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    if args.command == "measure":
        for r in measure(args.base, args.token, args.samples, args.label):
            print(json.dumps(r, ensure_ascii=False), flush=True)
    else:
        table(args.files)


if __name__ == "__main__":
    main(sys.argv[1:])
