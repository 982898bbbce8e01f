#!/bin/sh
# lookup-process.sh — what one `taiyaku lookup` process costs on a large memory (what a script
# or an editor plug-in pays per call), against the bound measured in the same run: `sqlite3`
# opening the same file and running one indexed query (a unit by its text's hash). Q calls of
# each, one after the other, each with another query (the Japanese of units spread over the
# memory, a character added so that the lookup is fuzzy); prints per call the wall time, the
# CPU time and the largest peak resident set (wait4's resource usage), and `taiyaku / bound =
# ratio` for both times. Issue 17's goal: <= 15 ms and <= 30 MB a call on 1,000,000 units.
# The memory: TY_BENCH_DB=FILE (an existing one; lookups do not change it), else N units (default 1,000,000)
# generated as tm-bench.sh does and imported first.
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
command -v sqlite3 >/dev/null || { echo "lookup-process: SKIP: needs sqlite3 (apt-get install sqlite3)"; exit 0; }
command -v python3 >/dev/null || { echo "lookup-process: SKIP: needs python3 (apt-get install python3)"; exit 0; }
[ -x /usr/bin/time ] || { echo "lookup-process: SKIP: needs GNU time (apt-get install time)"; exit 0; }
n=${N:-1000000}
q=${Q:-50}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-lookup-process.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
db=${TY_BENCH_DB:-}
if [ -z "$db" ]; then
    corpus="$top_srcdir/../shared/corpus"
    if ! ls "$corpus"/*.gold >/dev/null 2>&1; then
        echo "lookup-process: SKIP: no corpus at $corpus (or set TY_BENCH_DB)"
        exit 0
    fi
    (cd "$top_builddir" && make -s tests/bench/bench_tm) >/dev/null
    "$top_builddir/tests/bench/bench_tm" gen "$corpus" "$n" "$tmp/units.tmx" >/dev/null
    "$TAIYAKU" import --quiet --db "$tmp/tm.sqlite" "$tmp/units.tmx" >/dev/null 2>&1 ||
        "$TAIYAKU" import --db "$tmp/tm.sqlite" "$tmp/units.tmx" >/dev/null
    rm -f "$tmp/units.tmx"
    db="$tmp/tm.sqlite"
fi
units=$(sqlite3 "$db" "SELECT count(*) FROM units")
echo "lookup-process: $units units in $db, $q calls each, load $(cut -d' ' -f1-3 /proc/loadavg)"
# queries: units spread over the memory, their first character replaced (a fuzzy lookup), and
# the hash of each unit for the bound's query
sqlite3 -separator '	' "$db" \
    "SELECT v.ja, u.ja_hash FROM unit_view v JOIN units u ON u.id = v.id WHERE u.id % (SELECT max(id) / $q + 1 FROM units) = 7 LIMIT $q" \
    >"$tmp/queries"
[ -s "$tmp/queries" ] || { echo "lookup-process: no units to query"; exit 1; }

# per_call LABEL ARGV...: runs the command once per query (an argument {query} replaced by the
# query, {hash} within an argument by its unit's hash),
# prints "LABEL: wall W ms, CPU C ms, peak RSS R MB" per call and leaves W C in $tmp/LABEL.
# Each call's CPU (user + system) comes from wait4's resource usage in microseconds: GNU
# time's %U and %S print hundredths of a second, which round a call of a few ms to 0.
per_call() {
    label=$1
    shift
    python3 - "$label" "$tmp/queries" "$tmp/$label" "$@" <<'PY'
import os, subprocess, sys, time
label, queries, out, argv = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
calls = wall = cpu = 0.0
# the command runs under GNU time, which forks it and writes its peak resident set: a process
# forked from python starts with python's peak (Linux carries it across exec), and so does
# wait4's usage of the wrapper; the CPU is wait4's (the wrapper's and the command's)
rss_file = out + ".rss"
wrap = ["/usr/bin/time", "-f", "%M", "-o", rss_file]
rss = 0
with open(queries, encoding="utf-8") as f:
    rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
for text, h in rows:
    args = [text + "X" if a == "{query}" else a.replace("{hash}", h) for a in argv]
    t0 = time.perf_counter()
    p = subprocess.Popen(wrap + args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall += time.perf_counter() - t0
    p.returncode = status  # reaped here, not by Popen
    cpu += ru.ru_utime + ru.ru_stime
    with open(rss_file) as r:
        rss = max(rss, int(r.read().split()[-1]))
    calls += 1
w, c = wall * 1000 / calls, cpu * 1000 / calls
print("%s: wall %.1f ms, CPU %.1f ms, peak RSS %.1f MB a call" % (label, w, c, rss / 1024))
with open(out, "w") as o:
    print(w, c, file=o)
PY
}
per_call taiyaku "$TAIYAKU" lookup --db "$db" '{query}'
per_call sqlite3 sqlite3 "$db" "SELECT id FROM units WHERE ja_hash = {hash}"
read -r tw tc <"$tmp/taiyaku"
read -r sw sc <"$tmp/sqlite3"
awk -v tw="$tw" -v tc="$tc" -v sw="$sw" -v sc="$sc" 'BEGIN {
    printf "lookup-process: taiyaku / bound = %.1f (wall), %.1f (CPU)\n", tw / sw, tc / sc }'
