#!/bin/sh
# batch-speed.sh — `taiyaku batch` throughput: N synthetic document pairs (default 1,000;
# tests/bench/make-archive.py synthetic, B beads a side drawn from the corpus's gold beads,
# default 100) into a new memory with --jobs 1, then with --jobs 2, in one run; the ratio of
# the two is the speed-up (targets, issue 13: <= 60 s with --jobs 2, 2 jobs >= 1.7x 1 job on 2
# idle cores; the load is printed, as the machine may be shared). Beside the wall ratio, the
# writer's CPU over the aligning threads' (W/A, `batch --cpu`), which the load does not change,
# and the bound it sets: 2 jobs over 1 is at most 2 / (1 + W/A) on two cores (1.7x needs W/A <=
# 0.18). Prints figures, asserts nothing.   N=1000 B=100 make bench
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
corpus="$top_srcdir/../shared/corpus"
n=${N:-1000}
b=${B:-100}
if ! ls "$corpus"/*.gold >/dev/null 2>&1; then
    echo "batch-speed: SKIP: no corpus at $corpus"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-batch-speed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
. "$top_srcdir/tests/bench/timed.sh"

python3 "$top_srcdir/tests/bench/make-archive.py" synthetic "$corpus" "$tmp/a" --pairs "$n" \
    --beads "$b" >/dev/null
awk -F'\t' -v d="$tmp/a" '$1 != "" && $2 != "" { print d "/ja/" $1 "\t" d "/en/" $2 }' \
    "$tmp/a/truth.tsv" >"$tmp/pairs.tsv"
echo "batch-speed: $(wc -l <"$tmp/pairs.tsv") pairs of $b beads, $(nproc) CPUs," \
    "load $(cut -d' ' -f1-3 /proc/loadavg)"
for j in 1 2; do
    t0=$(date +%s.%N)
    echo "batch --jobs $j: $(timed "$TAIYAKU" batch --db "$tmp/m$j.db" -q --cpu --jobs "$j" \
        --pairs "$tmp/pairs.tsv"); $(grep ' pairs: ' "$tmp/out")"
    grep '^CPU: ' "$tmp/out" | tee "$tmp/cpu$j"
    awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f\n", b - a }' >"$tmp/wall$j"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
# W/A from the --jobs 1 run: one aligning thread, as the bound assumes
wa=$(sed 's/.*writer\/aligning //' "$tmp/cpu1")
awk -v a="$(cat "$tmp/wall1")" -v b="$(cat "$tmp/wall2")" -v wa="$wa" \
    'BEGIN { printf "speed-up, 2 jobs over 1: %.2fx (wall %.1f s / %.1f s); " \
             "writer/aligner CPU = %.3f, bound 2/(1+W/A) = %.2fx\n", a / b, a, b, wa,
             2 / (1 + wa) }'
