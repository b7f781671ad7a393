"""The client side of write-bench, standard library only.

    write_bench.py load --base URL --token T --first N --clients C --seconds S --acked FILE [--pid PID] [--label L]
    write_bench.py paced --base URL --token T --first N --rate R --seconds S --acked FILE [--pid PID] [--label L]
    write_bench.py readback --base URL --token T --acked FILE... [--label L]
    write_bench.py table FILE...

``load`` is a closed loop: C clients, each on its own kept-alive connection, PUT new articles one after another
for S seconds. ``paced`` is an open loop: a PUT is due every 1/R s whatever the answers do, and each one's latency
is counted from when it was due, not from when a client was free to send it, so a server that falls behind shows
it in the latency (no coordinated omission). Both write the ids Loa acknowledged (2xx) to FILE, one a line.
``readback`` GETs every acknowledged id and counts those that are missing. Articles are feed_bench.py's, numbered
from N, so every PUT creates a new article with a new id and slug; their bodies are built before the clock starts.
Results go to stdout as one JSON object per line, progress to stderr.
"""

import argparse
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import feed_bench  # noqa: E402  (the article generator, the HTTP client, percentiles, /proc ticks)


class Articles:
    """New articles numbered from `first`: feed_bench.py's articles 0 to POOL - 1, built once, each PUT taking one
    of them with its own id, URL and a title of its own (the number of the installment added), so that every PUT
    creates an article with a new id and slug at the cost of a byte replace."""

    POOL = 1000
    MARK = "@@N@@"

    def __init__(self, first):
        now = feed_bench.now_utc7()
        self.first, self.templates = first, []
        for i in range(self.POOL):
            article = feed_bench.article_of(i, now)
            article["title"] += f" (kỳ {self.MARK})"
            article["url"] = f"https://baohatinh.vn/bai-viet/{self.MARK}.html"
            self.templates.append(feed_bench.encoded(article))

    def __getitem__(self, k):
        aid = feed_bench.article_id(self.first + k)
        return aid, self.templates[k % self.POOL].replace(self.MARK.encode(), str(self.first + k).encode())


def ticks(pid):
    return feed_bench.cpu_ticks([pid]) if pid else None


class Tally:
    """Latencies, statuses and acknowledged ids, from every client thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies, self.acked, self.statuses, self.errors = [], [], {}, []

    def add(self, aid, status, data, seconds):
        with self.lock:
            if 200 <= status < 300:
                self.acked.append(aid)
                self.latencies.append(seconds)
            else:
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if len(self.errors) < 3:
                    self.errors.append(f"{aid}: {status} {data[:200].decode('utf-8', 'replace')}")

    def result(self, seconds, cpu):
        ms = [s * 1000 for s in self.latencies]
        n = len(ms)
        return {"acked": n, "non2xx": sum(self.statuses.values()),
                "statuses": {str(k): v for k, v in self.statuses.items()}, "errors": self.errors,
                "seconds": round(seconds, 2), "rate": round(n / seconds, 1),
                "p50": round(feed_bench.percentile(ms, 50), 1) if n else None,
                "p99": round(feed_bench.percentile(ms, 99), 1) if n else None,
                "max": round(max(ms), 1) if n else None,
                "cpu_us": round(cpu / n * 1e6) if n and cpu is not None else None}


def put(client, tally, aid, body, due):
    try:
        status, data = client.put_article(aid, body)
    except Exception as e:  # a dead connection is counted, not fatal
        status, data = 0, str(e).encode()
    tally.add(aid, status, data, time.perf_counter() - due)


def load(args, articles):
    """Closed loop: each client sends its next PUT when the last one was answered, until the time is up."""
    tally, lock, state = Tally(), threading.Lock(), {"next": 0}
    deadline = [0.0]

    def client_loop():
        client = feed_bench.Client(args.base, args.token)
        while time.perf_counter() < deadline[0]:
            with lock:
                k = state["next"]
                state["next"] += 1
            started = time.perf_counter()
            put(client, tally, *articles[k], started)
        client.close()

    return run(args, tally, [threading.Thread(target=client_loop, daemon=True) for _ in range(args.clients)],
               deadline)


def paced(args, articles):
    """Open loop: PUT k is due at start + k/rate; enough clients that one is free when a PUT is due, unless Loa
    has fallen behind, and then the wait counts in the PUT's latency."""
    tally, lock, state = Tally(), threading.Lock(), {"next": 0}
    deadline = [0.0]
    total = int(args.rate * args.seconds)

    def client_loop():
        client = feed_bench.Client(args.base, args.token)
        while True:
            with lock:
                k = state["next"]
                state["next"] += 1
            if k >= total:
                break
            due = deadline[0] - args.seconds + k / args.rate
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            put(client, tally, *articles[k], due)
        client.close()

    return run(args, tally, [threading.Thread(target=client_loop, daemon=True) for _ in range(args.clients)],
               deadline)


def run(args, tally, threads, deadline):
    before = ticks(args.pid)
    started = time.perf_counter()
    deadline[0] = started + args.seconds
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    cpu = None
    if before is not None:
        cpu = (ticks(args.pid) - before) / os.sysconf("SC_CLK_TCK")
    with open(args.acked, "w", encoding="utf-8") as f:
        f.writelines(aid + "\n" for aid in tally.acked)
    return tally.result(seconds, cpu)


def readback(args):
    ids = []
    for name in args.acked:
        with open(name, encoding="utf-8") as f:
            ids.extend(line.strip() for line in f if line.strip())
    client = feed_bench.Client(args.base, args.token)
    missing = []
    for aid in ids:
        status, _ = client.request("GET", f"/api/articles/{aid}")
        if status != 200:
            missing.append(f"{aid} ({status})")
    client.close()
    return {"kind": "readback", "checked": len(ids), "missing": len(missing), "examples": missing[:5]}


def table(results):
    """One row per jar and database: throughput of 16 clients, one client, and latency at a fixed rate."""
    rows = {}
    for r in results:
        rows.setdefault((r["label"], r["db"]), {})[r["kind"]] = r
    cols = ["jar", "db", "16 clients writes/s", "p50", "p99", "CPU µs/write", "1 client writes/s", "p50",
            "paced writes/s", "p50", "p99", "max", "acked", "missing"]
    print("| " + " | ".join(cols) + " |")
    print("| --- | --- | " + " | ".join("---:" for _ in cols[2:]) + " |")

    def cell(r, key, spec=",.0f"):
        return "n/a" if r is None or r.get(key) is None else format(r[key], spec)

    for (label, db), kinds in rows.items():
        many, one, fixed, back = (kinds.get(k) for k in ("load", "serial", "paced", "readback"))
        acked = sum((kinds.get(k) or {}).get("acked", 0) for k in ("warmup", "load", "serial", "paced"))
        print("| " + " | ".join([
            label, db, cell(many, "rate"), cell(many, "p50", ".1f"), cell(many, "p99", ".1f"), cell(many, "cpu_us"),
            cell(one, "rate"), cell(one, "p50", ".1f"), cell(fixed, "rate"), cell(fixed, "p50", ".1f"),
            cell(fixed, "p99", ".1f"), cell(fixed, "max", ".1f"), f"{acked:,}", cell(back, "missing", "d")]) + " |")


def main(argv):
    parser = argparse.ArgumentParser(prog="write_bench.py")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("load", "paced"):
        p = sub.add_parser(name)
        p.add_argument("--first", type=int, required=True)
        p.add_argument("--seconds", type=float, required=True)
        p.add_argument("--clients", type=int, default=16)
        p.add_argument("--pid", type=int, help="Loa's process, whose CPU time is counted")
        if name == "paced":
            p.add_argument("--rate", type=float, required=True)
    p = sub.add_parser("readback")
    p.add_argument("--acked", nargs="+", required=True)
    for p in sub.choices.values():
        if p.prog.split()[-1] != "readback":
            p.add_argument("--acked", required=True)
        p.add_argument("--base", required=True)
        p.add_argument("--token", required=True)
        p.add_argument("--label", default="")
        p.add_argument("--kind", default=None, help="what the result is called in the table (the command's name)")
        p.add_argument("--db", default="h2")
    p = sub.add_parser("table")
    p.add_argument("files", nargs="+")
    args = parser.parse_args(argv)

    if args.command == "table":
        results = feed_bench.read_results(args.files)
        table(results)
        return
    if args.command == "readback":
        r = readback(args)
    else:
        articles = Articles(args.first)
        r = (load if args.command == "load" else paced)(args, articles)
        r["clients"] = args.clients
        if args.command == "paced":
            r["target_rate"] = args.rate
    r.update(kind=args.kind or args.command, label=args.label, db=args.db)
    print(json.dumps(r, ensure_ascii=False), flush=True)
    if args.command == "readback":
        print(f"  read back {r['checked']:,} acknowledged ids: {r['missing']} missing {r['examples'] or ''}",
              file=sys.stderr)
    else:
        print(f"  {r['kind']}: {r['acked']:,} acknowledged in {r['seconds']} s = {r['rate']:,.0f}/s with"
              f" {r['clients']} client(s), p50 {r['p50']} ms, p99 {r['p99']} ms, max {r['max']} ms,"
              f" {r['cpu_us']} µs Loa CPU/write, non-2xx {r['non2xx']} {r['statuses'] or ''}", file=sys.stderr)
        for e in r["errors"]:
            print(f"    e.g. {e}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
