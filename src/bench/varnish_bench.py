"""varnish-bench's measurements (Python 3, standard library only), with feed_bench.py's articles and HTTP client:
the feed requests Loa answered (its /metrics), one wrk run through Varnish, and the time from a write to readers."""
import argparse
import json
import re
import statistics
import sys
import time

from feed_bench import Client, brief_of, brief_id, encoded, now_utc7, parse_wrk, percentile

# loa_http_requests_seconds_count{method="GET",route="/feeds/{section}.{format}",status="200",} 12.0
REQUESTS = re.compile(r'^loa_http_requests_seconds_count\{([^}]*)\}\s+([0-9.eE+]+)$')


def feed_requests(base):
    """Every request of a feed document Loa has answered since it started, by its own /metrics."""
    client = Client(base)
    status, data = client.request("GET", "/metrics")
    client.close()
    if status != 200:
        raise SystemExit(f"GET {base}/metrics answered {status}")
    total = 0
    for line in data.decode("utf-8").splitlines():
        m = REQUESTS.match(line)
        if m and 'route="/feeds/' in m.group(1):
            total += float(m.group(2))
    return int(total)


def polling(args):
    """wrk's output through Varnish and the feed requests that reached Loa meanwhile."""
    with open(args.wrk, encoding="utf-8") as f:
        run = parse_wrk(f.read())
    reached = args.after - args.before
    result = {"kind": "polling", "variant": args.variant, "rps": run["rps"], "requests": run["requests"],
              "p50_ms": run["p50"], "p99_ms": run["p99"], "non2xx3xx": run["non2xx3xx"],
              "socket_errors": run["socket_errors"], "reached_loa": reached,
              "share_reached_loa": reached / run["requests"] if run["requests"] else None}
    return result


def propagation(base, front, token, path, writes, timeout):
    """Edits a brief news item `writes` times so that it tops `path` with a new marker, and times each from the
    PUT being sent to the first read through Varnish (`front`) that has the marker."""
    writer, reader = Client(base, token), Client(front)
    now = now_utc7()
    nonce = int(time.time())
    times, timeouts, failed = [], 0, []
    for k in range(writes):
        brief = brief_of(k % 4, now)
        marker = f"varnish-probe-{nonce}-{k}"
        brief["summary"] = f"Bản tin cập nhật {marker}. " + brief["summary"]
        brief["published"] = now_utc7().isoformat(timespec="seconds")
        reader.request("GET", path)  # the old document is in Varnish's cache
        t0 = time.perf_counter()
        status, data = writer.put_article(brief_id(k % 4), encoded(brief))
        if not 200 <= status < 300:
            failed.append(f"PUT {status} {data[:200].decode('utf-8', 'replace')}")
            continue
        while True:
            status, data = reader.request("GET", path)
            elapsed = time.perf_counter() - t0
            if status == 200 and marker.encode() in data:
                times.append(elapsed * 1000)
                break
            if elapsed > timeout:
                timeouts += 1
                break
            time.sleep(0.005)
    writer.close()
    reader.close()
    result = {"kind": "propagation", "writes": writes, "seen": len(times), "timeouts": timeouts,
              "timeout_s": timeout, "failed": failed[:3]}
    if times:
        result.update(median_ms=round(statistics.median(times), 1), p90_ms=round(percentile(times, 90), 1),
                      max_ms=round(max(times), 1), min_ms=round(min(times), 1))
    return result


def table(path):
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    meta = {}
    for r in rows:
        if r.get("kind") == "meta":
            meta.update(r)
    print(f"varnish-bench: {meta.get('varnish', '?')}, Loa {meta.get('jar', '?')}; {meta.get('cpus', '?')} CPUs;"
          f" wrk {meta.get('wrk', '?')}; feed {meta.get('path', '?')}")
    print(f"purge channel: {meta.get('purge', '?')}")
    print()
    print(f"{'polling through Varnish':<28}{'requests/s':>12}{'p50 ms':>9}{'p99 ms':>9}{'requests':>11}"
          f"{'reached Loa':>13}{'share':>10}{'errors':>8}")
    for r in rows:
        if r.get("kind") == "polling":
            share = r["share_reached_loa"]
            print(f"{r['variant']:<28}{r['rps'] or 0:>12,.0f}{r['p50_ms'] or 0:>9.2f}{r['p99_ms'] or 0:>9.2f}"
                  f"{r['requests'] or 0:>11,}{r['reached_loa']:>13,}"
                  f"{(f'{share:.5%}' if share is not None else '-'):>10}{r['non2xx3xx']:>8}")
    for r in rows:
        if r.get("kind") == "propagation":
            print()
            print(f"PUT to the new document through Varnish, {r['writes']} writes: "
                  + (f"median {r['median_ms']} ms, p90 {r['p90_ms']} ms, max {r['max_ms']} ms, min {r['min_ms']} ms"
                     if r["seen"] else "never seen")
                  + (f"; {r['timeouts']} not seen within {r['timeout_s']} s" if r["timeouts"] else "")
                  + (f"; failed: {r['failed']}" if r["failed"] else ""))


def main(argv):
    parser = argparse.ArgumentParser(prog="varnish_bench.py")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("feed-requests", help="feed requests Loa has answered, by its /metrics")
    p.add_argument("--base", required=True)
    p = sub.add_parser("polling", help="one wrk run through Varnish, with what reached Loa")
    p.add_argument("wrk")
    p.add_argument("--variant", required=True)
    p.add_argument("--before", type=int, required=True)
    p.add_argument("--after", type=int, required=True)
    p = sub.add_parser("propagation")
    for name in ("--base", "--front", "--token", "--path"):
        p.add_argument(name, required=True)
    p.add_argument("--writes", type=int, default=30)
    p.add_argument("--timeout", type=float, default=10.0)
    p = sub.add_parser("table")
    p.add_argument("results")
    args = parser.parse_args(argv)
    if args.command == "feed-requests":
        print(feed_requests(args.base))
    elif args.command == "polling":
        print(json.dumps(polling(args), ensure_ascii=False))
    elif args.command == "propagation":
        print(json.dumps(propagation(args.base, args.front, args.token, args.path, args.writes, args.timeout),
                         ensure_ascii=False))
    elif args.command == "table":
        table(args.results)


if __name__ == "__main__":
    main(sys.argv[1:])
