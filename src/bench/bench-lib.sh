# Sourced by feed-bench and ingest-bench: the jar, a temp dir that goes away at the end, Loa started on its
# defaults in that temp dir, an editor token, and a sampler of Loa's resident memory.
# The script sets `bench` (its name, for messages) and `java_opts` before sourcing; `tmp`, `loa_dir`, `base`,
# `jar`, `pin`, `results` and the functions below are defined here. Loa, nginx and the sampler, if started, are
# stopped by the EXIT trap, then the functions the script named in `at_exit` run (to drop a database schema, say),
# and the temp dir is removed unless BENCH_KEEP=1.

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
helper_py="$here/feed_bench.py"
python=${BENCH_PYTHON:-/usr/bin/python3}
[[ -x $python ]] || python=$(command -v python3) || { echo "$bench: python3 is missing" >&2; exit 1; }

say() { printf '%s\n' "$*" >&2; }
die() { say "$bench: $*"; exit 1; }
helper() { "$python" "$helper_py" "$@"; }
num() { "$python" -c 'import sys; print(f"{int(sys.argv[1]):,}")' "$1"; }
record() { helper record "$@" >>"$results"; }
phase() { echo "$1" >"$tmp/phase"; }

need() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || die "$tool is missing (apt-get install -y nginx wrk; Java 17)"
    done
}

if [[ -n ${LOA_JAR:-} ]]; then
    [[ -f $LOA_JAR ]] || die "LOA_JAR=$LOA_JAR: no such file"
    jar=$(cd "$(dirname "$LOA_JAR")" && pwd)/$(basename "$LOA_JAR")
else
    jar="$repo/target/loa.jar"
    if [[ ! -f $jar ]]; then
        command -v mvn >/dev/null || die "$jar is missing and Maven is not installed to build it"
        say "Building $jar"
        (cd "$repo" && mvn -B -q package -DskipTests)
    fi
fi

pin=()
if [[ -n ${BENCH_CPUS:-} ]]; then
    command -v taskset >/dev/null || die "BENCH_CPUS needs taskset (util-linux)"
    pin=(taskset -c "$BENCH_CPUS")
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/loa-bench.XXXXXX")
loa_dir="$tmp/loa"
mkdir -p "$loa_dir"
results="$tmp/results.jsonl"
echo start >"$tmp/phase"
loa_pid='' nginx_pid='' sampler_pid=''
at_exit=()

stop() {
    local pid=$1 signal=$2
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill "-$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local status=$?
    stop "$sampler_pid" TERM
    stop "$nginx_pid" TERM
    stop "$loa_pid" TERM
    local hook
    for hook in "${at_exit[@]}"; do
        "$hook" || say "$bench: $hook failed"
    done
    if [[ ${BENCH_KEEP:-0} == 1 ]]; then
        say "Kept $tmp (Loa's database and logs, results.jsonl, and what else $bench wrote there)"
    else
        rm -rf "$tmp"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Loa's own defaults for everything, whatever this shell has set: it runs in $loa_dir, so its database is
# ./data/loa and its site ./feeds-config there. Only the port is chosen, and the demo content left out. A script
# may export a LOA_* setting of its own after sourcing this.
while read -r setting; do unset "$setting"; done < <(compgen -e | grep '^LOA_' || true)
loa_port=$(helper free-port)
base="http://127.0.0.1:$loa_port"
export LOA_PORT=$loa_port LOA_DEMO=false
helper config "$loa_dir/feeds-config"

# Starts Loa (java $java_opts -jar loa.jar) in $loa_dir with stdout and stderr appended to stdout.log and
# loa.log there, as a service manager would; waits until it is ready (at most `ready_limit` seconds, 120 unless the
# script set it), sets `ready_seconds` to how long that took and `token` to a new editor token.
start_loa() {
    say "Starting Loa on port $loa_port: java $java_opts -jar ${jar#"$repo/"}"
    local started i tries=$((${ready_limit:-120} * 2))
    started=$(date +%s.%N)
    # shellcheck disable=SC2086  # java_opts is a list of flags
    (cd "$loa_dir" && exec "${pin[@]}" java $java_opts -jar "$jar" >>stdout.log 2>>loa.log) &
    loa_pid=$!
    for i in $(seq 1 "$tries"); do
        curl -sf -o /dev/null "$base/ready" && break
        kill -0 "$loa_pid" 2>/dev/null || { tail -20 "$loa_dir/loa.log" >&2; die "Loa exited at start-up"; }
        [[ $i == "$tries" ]] && { tail -20 "$loa_dir/loa.log" >&2; die "Loa did not answer within ${ready_limit:-120} s"; }
        sleep 0.5
    done
    ready_seconds=$("$python" -c 'import sys, time; print(round(time.time() - float(sys.argv[1]), 1))' "$started")
    token=$(cd "$loa_dir" && java -jar "$jar" token create --name bench 2>>token.log) ||
        { cat "$loa_dir/token.log" >&2; die "token create failed"; }
}

# Times a restart of Loa on its database, as an operator restarts it: stops the running Loa, starts it again (with
# $java_opts and any extra flags given, e.g. a flight recording) and sets `serving` to the seconds from `java` to the
# first 200 of /feeds/all.rss and `searching` to the first 200 of a search (until the search index has loaded a
# search is answered 503, and anything else stops the script). Used by reads-bench and million-bench.
restart_loa_timed() {
    local started status=''
    stop "$loa_pid" TERM
    started=$(date +%s.%N)
    # shellcheck disable=SC2086  # java_opts is a list of flags
    (cd "$loa_dir" && exec "${pin[@]}" java $java_opts "$@" -jar "$jar" >>stdout.log 2>>loa.log) &
    loa_pid=$!
    until curl -sf -o /dev/null "$base/feeds/all.rss"; do
        kill -0 "$loa_pid" 2>/dev/null || { tail -20 "$loa_dir/loa.log" >&2; die "Loa exited at start-up"; }
        sleep 0.05
    done
    serving=$("$python" -c 'import sys, time; print(round(time.time() - float(sys.argv[1]), 2))' "$started")
    until [[ $status == 200 ]]; do
        status=$(curl -s -o /dev/null -w '%{http_code}' "$base/feeds/search.rss?q=formosa")
        [[ $status == 200 || $status == 503 ]] || die "a search answered $status while the index loaded"
        sleep 0.2
    done
    searching=$("$python" -c 'import sys, time; print(round(time.time() - float(sys.argv[1]), 2))' "$started")
}

# What Loa's heap holds after a full GC, in MB (0 if jcmd could not tell).
heap_mb_after_gc() {
    local kb
    kb=$(jcmd "$loa_pid" GC.run >/dev/null 2>&1 && jcmd "$loa_pid" GC.heap_info 2>/dev/null |
        sed -n 's/.* heap *total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1 || true)
    echo $((${kb:-0} / 1024))
}

# Samples Loa's VmRSS (/proc/PID/status) twice a second into rss.txt as "PHASE KB" lines, PHASE being what the
# script last gave `phase`.
start_rss_sampler() {
    (
        while kill -0 "$loa_pid" 2>/dev/null; do
            echo "$(cat "$tmp/phase") $(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$loa_pid/status")"
            sleep 0.5
        done
    ) >"$tmp/rss.txt" 2>/dev/null &
    sampler_pid=$!
}

stop_rss_sampler() {
    stop "$sampler_pid" TERM
    sampler_pid=''
    helper rss "$tmp/rss.txt" >>"$results"
}
