"""The Python of million-bench, standard library only; the articles and the backup are search_bench's.

    million_bench.py disk FILE --clk-tck T      peak and final of the disk samples the driver took
    million_bench.py sections EXPECTED ACTUAL   the articles per section in the database against the backup's
    million_bench.py spot-check --base URL --backup FILE [--samples N]
    million_bench.py table FILE...

``disk`` reads "SECONDS BYTES RSS_KB TICKS" lines (the database's size on disk, the import's resident memory and
its CPU time so far, once a second) and prints their peak and final as a JSON line. ``sections`` compares "section|count" lines (what the
database holds) with the backup's record. ``spot-check`` reads N articles at random places of the backup back from
Loa's API and compares them field by field. ``table`` prints the table from the lines the driver collected.
"""

import argparse
import json
import os
import random
import sys

from feed_bench import Client, fmt, read_results

TARGET_ARTICLES = 1_000_000
TARGET_SECONDS = 30 * 60
TARGET_DISK_RATIO = 3


def disk(path, clk_tck):
    rows = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 4 and all(p.isdigit() for p in parts):
                rows.append(tuple(int(p) for p in parts))
    if not rows:
        return {"kind": "disk", "samples": 0}
    peak = max(rows, key=lambda r: r[1])
    return {"kind": "disk", "samples": len(rows), "peak_bytes": peak[1], "peak_at": peak[0],
            "final_bytes": rows[-1][1], "rss_max_kb": max(r[2] for r in rows),
            "cpu_seconds": round(max(r[3] for r in rows) / clk_tck, 1)}


def sections(expected_path, actual_path):
    with open(expected_path, encoding="utf-8") as f:
        expected = json.loads(f.readline())["sections"]
    actual = {}
    with open(actual_path, encoding="utf-8") as f:
        for line in f:
            name, _, count = line.strip().partition("|")
            if count.strip().isdigit():
                actual[name.strip()] = int(count)
    wrong = {s: [expected.get(s, 0), actual.get(s, 0)] for s in sorted(set(expected) | set(actual))
             if expected.get(s, 0) != actual.get(s, 0)}
    return {"kind": "sections", "sections": len(expected), "articles_in_sections": sum(actual.values()),
            "wrong": wrong}


def spot_check(base, backup, samples):
    """Reads `samples` article lines at random offsets of the backup and GETs each from Loa's API."""
    size = os.path.getsize(backup)
    rng = random.Random(42)
    client = Client(base)
    checked, bad = 0, []
    with open(backup, "rb") as f:
        while checked < samples:
            f.seek(rng.randrange(size))
            f.readline()
            line = f.readline()
            if not line.startswith(b'{"id"'):
                continue
            want = json.loads(line)
            status, data = client.request("GET", f"/api/articles/{want['id']}", headers={"Accept": "application/json"})
            checked += 1
            if status != 200:
                bad.append(f"{want['id']}: {status}")
                continue
            got = json.loads(data)
            for field in ("slug", "title", "summary", "author", "sections", "tags", "related"):
                if got.get(field) != want.get(field):
                    bad.append(f"{want['id']}: {field} {str(got.get(field))[:60]!r}, not {str(want.get(field))[:60]!r}")
                    break
            if [image["url"] for image in got.get("images", [])] != [image["url"] for image in want["images"]]:
                bad.append(f"{want['id']}: images differ")
    client.close()
    return {"kind": "spot-check", "checked": checked, "bad": bad}


def mb(value):
    return None if value is None else value / 1e6


def table(results):
    meta = {}
    for r in results:
        if r.get("kind") == "meta":
            meta.update(r)
    by_kind = {r["kind"]: r for r in results if r.get("kind") != "meta"}
    backup, dsk = by_kind.get("backup", {}), by_kind.get("disk", {})
    check, spot = by_kind.get("sections", {}), by_kind.get("spot-check", {})
    articles = meta.get("articles", 0)
    took = meta.get("import_seconds")
    final, peak = dsk.get("final_bytes"), dsk.get("peak_bytes")
    after = meta.get("db_bytes_after")
    ratio = peak / after if peak and after else None
    lines = [
        f"million-bench: {articles:,} articles on {meta.get('database')}, {meta.get('cpus')} CPUs; load average"
        f" {meta.get('load_start')} at the start, {meta.get('load_end')} at the end",
        f"  backup: {backup.get('articles', 0):,} generated articles, {fmt(mb(backup.get('bytes')))} MB"
        + (f", written in {backup['seconds']:,.0f} s" if backup.get("seconds") is not None else ", reused"),
        f"  import: java {meta.get('import_java_opts') or '(no flags)'} -jar loa.jar import; its line:"
        f" \"{meta.get('import_line')}\"",
        "",
        "| what | value | target |",
        "| --- | ---: | --- |",
        f"| import, with the JVM's start | {fmt(took, ',.0f')} s"
        f" ({fmt(articles / took if took else None)} articles/s) | ≤ {TARGET_SECONDS // 60} min at 1,000,000"
        f"{(' met' if took <= TARGET_SECONDS else ' MISSED') if took and articles >= TARGET_ARTICLES else ''} |",
        f"| database on disk, peak during the import | {fmt(mb(peak))} MB (at {fmt(dsk.get('peak_at'))} s) |"
        f" ≤ {TARGET_DISK_RATIO}× final: {fmt(ratio, '.1f')}×"
        f" {'met' if ratio and ratio <= TARGET_DISK_RATIO else 'MISSED' if ratio else ''} |",
        f"| database on disk when the import ended | {fmt(mb(final))} MB | |",
        f"| database on disk once Loa has started (final) | {fmt(mb(after))} MB | |",
        f"| the import's CPU time (user + system, sampled each second) | {fmt(dsk.get('cpu_seconds'), ',.0f')} s"
        f" ({fmt(dsk.get('cpu_seconds') * 1e6 / articles if dsk.get('cpu_seconds') and articles else None, ',.0f')}"
        f" µs an article) | |",
        f"| the import's resident memory, max | {fmt((dsk.get('rss_max_kb') or 0) / 1024)} MB | |",
        f"| articles per section as generated | {'all' if check and not check['wrong'] else 'NOT ALL'}"
        f" ({check.get('sections', 0)} sections, {check.get('articles_in_sections', 0):,} placements) | every one |",
        f"| articles read back through the API | {spot.get('checked', 0) - len(spot.get('bad', []))}"
        f" of {spot.get('checked', 0)} as generated | every one |",
    ]
    if meta.get("again_line"):
        lines.append(f"| the first {meta.get('again_articles', 0):,} imported again |"
                     f" \"{meta['again_line']}\" | all unchanged |")
    if meta.get("ready_seconds") is not None:
        lines.append(f"| Loa ready after the import | {meta['ready_seconds']} s | |")
    notes = [f"section {s}: {w[1]:,} in the database, {w[0]:,} generated" for s, w in check.get("wrong", {}).items()]
    notes += spot.get("bad", [])[:5]
    lines += [f"NOTE: {note}" for note in notes]
    if meta.get("seconds") is not None:
        lines.append(f"The run took {meta['seconds'] // 60} min {meta['seconds'] % 60} s.")
    print("\n".join(lines))
    return not notes and bool(took)


def main(argv):
    parser = argparse.ArgumentParser(prog="million_bench.py")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("disk")
    p.add_argument("file")
    p.add_argument("--clk-tck", type=int, default=100)
    p = sub.add_parser("sections")
    p.add_argument("expected")
    p.add_argument("actual")
    p = sub.add_parser("spot-check")
    p.add_argument("--base", required=True)
    p.add_argument("--backup", required=True)
    p.add_argument("--samples", type=int, default=100)
    p = sub.add_parser("table")
    p.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    if args.command == "disk":
        print(json.dumps(disk(args.file, args.clk_tck)))
    elif args.command == "sections":
        print(json.dumps(sections(args.expected, args.actual)))
    elif args.command == "spot-check":
        print(json.dumps(spot_check(args.base, args.backup, args.samples), ensure_ascii=False))
    elif args.command == "table":
        results = read_results(args.files)
        sys.exit(0 if table(results) else 1)


if __name__ == "__main__":
    main(sys.argv[1:])
