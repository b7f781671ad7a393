"""The Python of search-bench, standard library only; the articles and the HTTP client are feed_bench's.

    search_bench.py backup FILE --count N [--archive] [--jobs J]
    search_bench.py measure --base URL --token T --samples S [--warmup W]
    search_bench.py table FILE...

``backup`` writes Loa's own backup (what ``loa export`` writes, ``loa import`` restores) of feed_bench's articles
0..N-1 (``--archive``: its ten-year archive, archive_article) and prints, as a JSON line, how many of them hold each
query's words (the matches every search must find) and how many are in each section.
``measure`` times searches right after a write (and one cached search for reference), one JSON line per row of the
table. ``table`` prints the table from the lines the driver collected. Progress goes to stderr.
"""

import argparse
import collections
import gzip
import json
import multiprocessing
import re
import statistics
import sys
import time
import unicodedata
import urllib.parse
from datetime import datetime, timezone

from feed_bench import (Client, archive_article, article_id, article_of, encoded, fmt, now_utc7, percentile, read_results,
                        verdict)

# --- the queries ------------------------------------------------------------------------------------------------

# No word of the generator's vocabulary is rare: the rarest are title words, each in 4 % of the articles or more.
# Articles 0, 2,500, 5,000, ... name the steel works of Vũng Áng in their summary, as a few real ones would: 40 at
# 100,000 articles.
RARE = "Formosa"
RARE_EVERY = 2500
RARE_SENTENCE = " Công ty Formosa Hà Tĩnh hỗ trợ kịp thời."

# (row, kind, query, format, page, cached). Each row's search is timed right after a write, except the cached ones
# (the same search twice, the second timed). Search feeds and the search page hold 20 results a page, and a search
# shows its 200 newest: page 5 is halfway.
ROWS = [
    ("common-rss", "common word", "người", "rss", 1, False),
    ("common-html", "common word", "người", "html", 1, False),
    ("rare-rss", "rare word", RARE, "rss", 1, False),
    ("rare-html", "rare word", RARE, "html", 1, False),
    ("two-rss", "two words", "dân vận", "rss", 1, False),
    ("two-html", "two words", "dân vận", "html", 1, False),
    ("plain-rss", "typed without diacritics", "nhuong", "rss", 1, False),
    ("plain-html", "typed without diacritics", "nhuong", "html", 1, False),
    ("none-rss", "no match", "Hà Nội", "rss", 1, False),
    ("none-html", "no match", "Hà Nội", "html", 1, False),
    ("page-rss", "a later page", "người", "rss", 5, False),
    ("page-html", "a later page", "người", "html", 5, False),
    ("cached-rss", "cached: no write between", "người", "rss", 1, True),
    ("cached-html", "cached: no write between", "người", "html", 1, True),
]
QUERIES = sorted({row[2] for row in ROWS})
PER_PAGE = 20  # search feeds and the search page alike
MAX_RESULTS = 200
TARGET_MS = 50

# A feed reader's request and a browser's: both take gzip.
ACCEPT = {"rss": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8",
          "html": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def path_of(query, form, page):
    """/feeds/search.rss?q=d%C3%A2n+v%E1%BA%ADn&page=4, or /search?q=… for the search page."""
    q = urllib.parse.urlencode({"q": query})
    return (f"/feeds/search.rss?{q}" if form == "rss" else f"/search?{q}") + (f"&page={page}" if page > 1 else "")


# --- words as Loa folds them (io.loa.article.Slugs, ArticleWords) ---------------------------------------------------

# The generator's letters carry only combining diacritical marks (U+0300 to U+036F) once decomposed.
MARKS = re.compile("[\u0300-\u036f]+")
NOT_WORD = re.compile("[^a-z0-9]+")
TAG = re.compile("<[^>]*>")


def fold(text):
    """Lower case without diacritics, Đ as D: "Nhượng" is "nhuong"."""
    latin = text.replace("đ", "d").replace("Đ", "D").replace("ð", "d").replace("Ð", "D")
    return MARKS.sub("", unicodedata.normalize("NFD", latin)).lower()


def words(text):
    return [w for w in NOT_WORD.split(fold(text)) if w and len(w) <= 40]


def slug_of(title):
    """Slugs.of: the folded title's words joined by hyphens, cut at a hyphen to at most 80 characters."""
    slug = NOT_WORD.sub("-", fold(title)).strip("-")
    if len(slug) > 80:
        cut = slug.rfind("-", 0, 81)
        slug = slug[:cut if cut > 0 else 80].strip("-")
    return slug or "bai-viet"


class Matcher:
    """Counts the articles holding every word of each query: their title, summary, body text and captions, as
    ArticleWords takes them."""

    def __init__(self, queries):
        self.queries = {q: [re.compile(rf"(?<![a-z0-9]){w}(?![a-z0-9])") for w in dict.fromkeys(words(q))]
                        for q in queries}
        self.counts = dict.fromkeys(queries, 0)

    def matches(self, article):
        """The queries whose every word the article holds."""
        text = fold(" ".join([article["title"], article["summary"], TAG.sub(" ", article["body"])]
                             + [image["caption"] for image in article["images"]]))
        return [query for query, patterns in self.queries.items() if all(p.search(text) for p in patterns)]


# --- the backup -------------------------------------------------------------------------------------------------

def seeded(i, now, archive=False):
    article = (archive_article if archive else article_of)(i, now)
    if i % RARE_EVERY == 0:
        article["summary"] += RARE_SENTENCE
    return article


CHUNK = 1000


def generated(task):
    """One worker's share: articles first..first+n-1, each with its slug before numbering and the queries it
    matches."""
    first, n, now, archive = task
    matcher = Matcher(QUERIES)
    return [(a, slug_of(a["title"]), matcher.matches(a))
            for a in (seeded(i, now, archive) for i in range(first, first + n))]


def write_backup(path, count, archive=False, jobs=1):
    """Loa's backup of articles 0..count-1 (io.loa.transfer.Backup): a header line, a line per article as the API
    shows it plus its slug and when it was created and last changed (here: when it was published), then a line per
    feed with when it last changed. `jobs` processes generate the articles. Returns the matches of each query, the
    articles in each section and the file's size."""
    now = now_utc7()
    counts, sections = dict.fromkeys(QUERIES, 0), collections.Counter()
    slugs, feeds = set(), {}
    started = time.perf_counter()
    tasks = [(first, min(CHUNK, count - first), now, archive) for first in range(0, count, CHUNK)]
    with open(path, "w", encoding="utf-8") as out, multiprocessing.Pool(jobs) as pool:
        out.write(json.dumps({"format": "loa-export", "version": 1, "site": "http://localhost:8080",
                              "exported": instant(now)}) + "\n")
        i = 0
        for chunk in pool.imap(generated, tasks):
            for a, slug, matched in chunk:
                for query in matched:
                    counts[query] += 1
                sections.update(a["sections"])
                n = 1
                while (slug if n == 1 else f"{slug}-{n}") in slugs:  # Slugs.numbered, as a put gives a taken slug
                    n += 1
                slug = slug if n == 1 else f"{slug}-{n}"
                slugs.add(slug)
                created = instant_of(a["published"])
                line = {"id": article_id(i), "slug": slug, **a, "language": "vi", "tags": a.get("tags", []),
                        "updated": a["published"], "scheduled": False, "created": created, "changed": created}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                for feed in (a["sections"] + ["author/" + slug_of(a["author"])]
                             + ["tag/" + slug_of(tag) for tag in line["tags"]]):
                    feeds[feed] = max(feeds.get(feed, created), created)
                i += 1
                if i % 50000 == 0:
                    print(f"  {i:,} articles written, {time.perf_counter() - started:.0f} s", file=sys.stderr,
                          flush=True)
        for feed, changed in sorted(feeds.items(), key=lambda kv: (kv[1], kv[0])):
            out.write(json.dumps({"feed": feed, "changed": changed}) + "\n")
        size = out.tell()
    return {"kind": "backup", "articles": count, "bytes": size, "seconds": round(time.perf_counter() - started, 1),
            "expected": counts, "sections": dict(sorted(sections.items()))}


def instant(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def instant_of(iso):
    return instant(datetime.fromisoformat(iso))


# --- the searches -----------------------------------------------------------------------------------------------

PROBE = "search-bench-probe"


def probe(k, published):
    """The article put before each search: small, in the brief news, with none of the queries' words; its summary
    changes every time, so every put is a write that drops the cached search results."""
    return encoded({"title": f"Search bench probe {k}", "summary": f"Written before timed search {k}.",
                    "body": f"<p>Probe {k}.</p>", "author": "Bench", "sections": ["tin-van"],
                    "published": published})


def loa_total(client, query):
    """How many articles Loa says match: the search page's "N bài viết" (0: "Không tìm thấy")."""
    status, data = client.request("GET", path_of(query, "html", 1), headers={"Accept": ACCEPT["html"]})
    if status != 200:
        raise SystemExit(f"search_bench.py: GET {path_of(query, 'html', 1)}: {status}")
    text = data.decode("utf-8")
    found = re.search(r"<p class=\"meta\">(\d+) bài viết", text)
    return int(found[1]) if found else (0 if "Không tìm thấy" in text else None)


def items_in(form, body):
    """The results in a gzipped answer: the feed's items, or the search page's list items; None if not gzipped."""
    if not body.startswith(b"\x1f\x8b"):
        return None
    text = gzip.decompress(body).decode("utf-8")
    return text.count("<item>") if form == "rss" else text.count("<li>")


def measure(base, token, samples, warmup):
    """For each sample and row: put the probe (not timed), then one GET of the row's search, timed from sending the
    request to the last byte of the answer. Rows take turns, starting one further each sample, so that what else runs
    on the machine meets them alike."""
    writer, reader = Client(base, token), Client(base)
    published = now_utc7().isoformat(timespec="seconds")
    totals = {q: loa_total(reader, q) for q in QUERIES}
    times = {row[0]: [] for row in ROWS}
    bad = {row[0]: [] for row in ROWS}
    started = time.perf_counter()
    for k in range(warmup + samples):
        for row in ROWS[k % len(ROWS):] + ROWS[:k % len(ROWS)]:
            name, _, query, form, page, cached = row
            status, data = writer.put_article(PROBE, probe(k * len(ROWS) + ROWS.index(row), published))
            if not 200 <= status < 300:
                raise SystemExit(f"search_bench.py: PUT {PROBE}: {status} {data[:300].decode('utf-8', 'replace')}")
            path, headers = path_of(query, form, page), {"Accept": ACCEPT[form], "Accept-Encoding": "gzip"}
            if cached:
                reader.request("GET", path, headers=headers)
            t0 = time.perf_counter()
            status, data = reader.request("GET", path, headers=headers)
            elapsed = (time.perf_counter() - t0) * 1000
            total = totals[query] or 0
            want = max(0, min(PER_PAGE, min(total, MAX_RESULTS) - (page - 1) * PER_PAGE))
            if status != 200:
                bad[name].append(f"GET {path}: {status}")
            elif (got := items_in(form, data)) != want:
                bad[name].append(f"GET {path}: " + ("not gzipped" if got is None else f"{got} results, not {want}"))
            elif k >= warmup:
                times[name].append(elapsed)
        if k + 1 == warmup:
            print(f"  warm-up: {warmup} round(s) of the {len(ROWS)} searches in {time.perf_counter() - started:.0f} s",
                  file=sys.stderr, flush=True)
    writer.close()
    reader.close()
    results = []
    for name, kind, query, form, page, cached in ROWS:
        t = times[name]
        r = {"kind": "search", "row": name, "label": kind, "query": query, "format": form, "page": page,
             "matches": totals[query], "samples": len(t), "failed": len(bad[name]), "errors": bad[name][:3]}
        if t:
            r.update(median=round(statistics.median(t), 2), p90=round(percentile(t, 90), 2),
                     min=round(min(t), 2), max=round(max(t), 2))
        results.append(r)
    return results


# --- the table --------------------------------------------------------------------------------------------------

def table(results):
    """Reads the JSON lines search-bench collected and prints the table and what goes with it."""
    meta = {}
    for r in results:
        if r.get("kind") == "meta":
            meta.update(r)
    backup = next((r for r in results if r.get("kind") == "backup"), {})
    rows = [r for r in results if r.get("kind") == "search"]
    rss = next((r for r in results if r.get("kind") == "rss"), {})
    expected = backup.get("expected", {})
    lines = []
    say = lines.append

    articles = meta.get("articles", 0)
    say(f"search-bench: {articles:,} articles on {meta.get('database')}, {meta.get('cpus')} CPUs;"
        f" load average {meta.get('load_start')} at the start, {meta.get('load_end')} at the end")
    say(f"  Loa: its default settings (access log on, stderr appended to a file), java {meta.get('java_opts')}")
    if backup:
        took = meta.get("import_seconds")
        say(f"  seeding: backup of {backup['articles']:,} generated articles written in {backup['seconds']:,.0f} s"
            f" ({backup['bytes'] / 1e6:,.0f} MB); java -jar loa.jar import took {fmt(took, ',.0f')} s"
            f" ({fmt(articles / took if took else None)} articles/s)"
            + (f"; database {meta['db_size']}" if meta.get("db_size") else ""))
    say(f"  start-up: ready {fmt(meta.get('ready_seconds'), ',.1f')} s after java started; its log:"
        f" \"{meta.get('index_line', 'no Search index line')}\"")
    say(f"  each sample: PUT of a small article (not timed), then one GET, timed from the request to the last byte"
        f" (gzip); {meta.get('samples')} samples a row after {meta.get('warmup')} warm-up rounds, the rows taking"
        f" turns")
    say("")
    say(f"| kind | format | query | matches | median ms | p90 ms | ≤ {TARGET_MS} ms median |")
    say("| --- | --- | --- | ---: | ---: | ---: | --- |")
    notes = []
    for r in rows:
        median = r.get("median")
        query = r["query"] + (f", page {r['page']}" if r["page"] > 1 else "")
        form = "RSS" if r["format"] == "rss" else "HTML"
        say(f"| {r['label']} | {form} | {query} | {fmt(r['matches'], ',')} | {fmt(median, ',.1f')}"
            f" | {fmt(r.get('p90'), ',.1f')} | {verdict(None if median is None else median <= TARGET_MS)} |")
        if r["failed"]:
            notes.append(f"{r['row']}: {r['failed']} GET(s) not counted, e.g. {'; '.join(r['errors'])}")
    for query in QUERIES:
        counts = {r["matches"] for r in rows if r["query"] == query}
        if query in expected and counts != {expected[query]}:
            notes.append(f"\"{query}\": Loa finds {', '.join(map(str, counts))} articles, the generator put"
                         f" {expected[query]:,} in")
    for note in notes:
        say(f"NOTE: {note}")
    say("")
    say(f"matches: articles holding every word of the query, as Loa's search page counts them"
        f" ({'all as the generator put them in' if not notes else 'see the notes'}); a search shows the newest"
        f" {MAX_RESULTS}, {PER_PAGE} a page in feeds and on the search page")
    phases = rss.get("phase_max_mb", {})
    say(f"Loa's RSS: {fmt(phases.get('ready'), ',.0f')} MB once ready, max {fmt(phases.get('search'), ',.0f')} MB"
        f" during the searches (java {meta.get('java_opts')}; heap in use after a full GC once ready:"
        f" {fmt(meta.get('heap_mb') or None)} MB)")
    if meta.get("seconds") is not None:
        say(f"The run took {meta['seconds'] // 60} min {meta['seconds'] % 60} s.")
    print("\n".join(lines))
    return bool(rows) and not notes and all(r.get("median") is not None for r in rows)


# --- command line -----------------------------------------------------------------------------------------------

def main(argv):
    parser = argparse.ArgumentParser(prog="search_bench.py")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("backup")
    p.add_argument("file")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--archive", action="store_true", help="feed_bench's ten-year archive (archive_article)")
    p.add_argument("--jobs", type=int, default=1, help="processes generating the articles")
    p = sub.add_parser("measure")
    for name in ("--base", "--token"):
        p.add_argument(name, required=True)
    p.add_argument("--samples", type=int, default=30)
    p.add_argument("--warmup", type=int, default=3)
    p = sub.add_parser("table")
    p.add_argument("files", nargs="+")
    args = parser.parse_args(argv)

    def emit(result):
        print(json.dumps(result, ensure_ascii=False), flush=True)

    if args.command == "backup":
        r = write_backup(args.file, args.count, args.archive, args.jobs)
        emit(r)
        print(f"  {args.file}: {r['articles']:,} articles, {r['bytes'] / 1e6:,.0f} MB in {r['seconds']:.0f} s;"
              f" matches: " + ", ".join(f"{q} {n:,}" for q, n in r["expected"].items()), file=sys.stderr)
    elif args.command == "measure":
        for r in measure(args.base, args.token, args.samples, args.warmup):
            emit(r)
            print(f"  {r['label']:<26} {r['format']:<4} {r['query']:<8} p{r['page']}: {fmt(r['matches'], ','):>7}"
                  f" matches, median {fmt(r.get('median'), '.1f')} ms, p90 {fmt(r.get('p90'), '.1f')} ms"
                  f" (min {fmt(r.get('min'), '.1f')}, max {fmt(r.get('max'), '.1f')}, {r['samples']} samples)"
                  + (f"; {r['failed']} FAILED: {r['errors'][0]}" if r["failed"] else ""), file=sys.stderr)
    elif args.command == "table":
        results = read_results(args.files)
        sys.exit(0 if table(results) else 1)


if __name__ == "__main__":
    main(sys.argv[1:])
