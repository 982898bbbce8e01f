#!/bin/sh
# serve-load.sh — taiyaku serve under load (issue 14): 32 clients making lookups on the
# 1,000,000-unit bench memory (generated as tm-bench.sh does, with the bundled example aligned
# into it for a document to review) while one more client makes review edits, for S seconds
# (default 20). Each client keeps one connection; the queries are 500 Japanese sentences of
# the memory, every other one with a character taken out (fuzzy). Prints requests/s, p99 and
# errors for both, and the machine's load; targets >= 500 requests/s on 2 cores, p99 <= 50 ms,
# no errors. Asserts nothing.   N=1000000 S=20 CLIENTS=32 make bench
# TY_BENCH_DB=FILE: a copy of that memory instead of a generated one (the targets then are
# Japanese sentences of its units, spread over it, every other one with a character out).
# THREADS=N: the server's --threads (default: its own, the processors).
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
corpus="$top_srcdir/../shared/corpus"
n=${N:-1000000}
secs=${S:-20}
clients=${CLIENTS:-32}
if ! ls "$corpus"/*.gold >/dev/null 2>&1; then
    echo "serve-load: SKIP: no corpus at $corpus"
    exit 0
fi
(cd "$top_builddir" && make -s tests/bench/bench_tm tests/bench/serve_load) >/dev/null
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-serve-load.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
echo "serve-load: ${TY_BENCH_DB:-$n units}, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg) before"
if [ -n "${TY_BENCH_DB:-}" ]; then
    cp "$TY_BENCH_DB" "$tmp/tm.sqlite" # the edits write to it
else
    "$top_builddir/tests/bench/bench_tm" gen "$corpus" "$n" "$tmp/units.tmx" >/dev/null
    "$TAIYAKU" import --db "$tmp/tm.sqlite" "$tmp/units.tmx" >/dev/null
fi
ex="$top_srcdir/examples/press-conference"
"$TAIYAKU" align --db "$tmp/tm.sqlite" "$ex.ja.txt" "$ex.en.txt" >/dev/null
doc=$("$TAIYAKU" stats --db "$tmp/tm.sqlite" --documents | awk '/press-conference/ { print $1; exit }')
# 500 request targets: Japanese sentences of the memory, every other one with a character out
python3 - "$tmp/units.tmx" "$n" "$tmp/tm.sqlite" "${TY_BENCH_DB:-}" >"$tmp/targets" <<'PY'
import re, sqlite3, sys, urllib.parse
def from_tmx(path, step):
    for i, line in enumerate(open(path, encoding='utf-8')):
        m = not i % step and '<tu ' in line and re.search(r'<tuv xml:lang="ja[^"]*"><seg>([^<]*)</seg>', line)
        if m and len(m.group(1)) >= 6:
            yield m.group(1).replace('&amp;', '&').replace('&lt;', '<').replace('&gt;', '>').replace('&quot;', '"')
def from_db(path):
    db = sqlite3.connect(path)
    step = max(1, db.execute('SELECT max(id) FROM units').fetchone()[0] // 500)
    for (ja,) in db.execute('SELECT ja FROM unit_view WHERE id % ? = 1 ORDER BY id', (step,)):
        if len(ja) >= 6:
            yield ja
texts = from_db(sys.argv[3]) if sys.argv[4] else from_tmx(sys.argv[1], max(1, int(sys.argv[2]) // 500))
out = 0
for q in texts:
    if out % 2:
        q = q[:len(q) // 2] + q[len(q) // 2 + 1:]
    print('/api/lookup?q=' + urllib.parse.quote(q))
    out += 1
    if out == 500:
        break
PY
sync
: >"$tmp/serve.out"
"$TAIYAKU" serve --db "$tmp/tm.sqlite" --listen 127.0.0.1:0 --user load ${THREADS:+--threads "$THREADS"} \
    >"$tmp/serve.out" 2>&1 &
pid=$!
i=0
while ! grep -q '^taiyaku: serving' "$tmp/serve.out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$tmp/serve.out")
echo "serve-load: $(wc -l <"$tmp/targets") lookup targets, document $doc edited, ${secs} s, load $(cut -d' ' -f1-3 /proc/loadavg) at the start"
"$top_builddir/tests/bench/serve_load" "$port" "$secs" "$clients" "$tmp/targets" "$doc" | tee "$tmp/load.out"
# the server's own CPU time (utime + stime, in clock ticks), which the machine's load does not
# change as much as it changes wall time
ticks=$(getconf CLK_TCK)
requests=$(sed -n 's/^[^:]*: \([0-9]*\) requests in .*/\1/p' "$tmp/load.out" | awk '{ s += $1 } END { print s + 0 }')
awk -v t="$ticks" -v r="$requests" '{ printf "serve-load: the server used %.1f s of CPU (user %.1f, system %.1f), %.1f ms a request (%d requests)\n", ($14 + $15) / t, $14 / t, $15 / t, r ? ($14 + $15) / t * 1000 / r : 0, r }' "/proc/$pid/stat"
echo "serve-load: load $(cut -d' ' -f1-3 /proc/loadavg) at the end"
kill -TERM "$pid"
wait "$pid" || true
pid=
