#!/bin/sh
# pair-speed.sh — `taiyaku pair` on a synthetic archive of N × N documents (default 10,000;
# tests/bench/make-archive.py synthetic: B beads a document drawn from the corpus's gold beads,
# default 30, each document under a header with its own date and serial number), with --jobs
# 2: wall and CPU time and peak memory (targets, issue 13: <= 60 s and <= 2 GB on 2 cores), and
# precision and recall against the archive's truth. Prints figures, asserts nothing.
#   N=10000 B=30 make bench
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
corpus="$top_srcdir/../shared/corpus"
n=${N:-10000}
b=${B:-30}
if ! ls "$corpus"/*.gold >/dev/null 2>&1; then
    echo "pair-speed: SKIP: no corpus at $corpus"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-pair-speed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
. "$top_srcdir/tests/bench/timed.sh"

python3 "$top_srcdir/tests/bench/make-archive.py" synthetic "$corpus" "$tmp/a" --pairs "$n" \
    --beads "$b" >/dev/null
echo "pair-speed: $n x $n documents of $b beads ($(du -sh "$tmp/a" | cut -f1)), $(nproc) CPUs," \
    "load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "pair --jobs 2: $(timed "$TAIYAKU" pair --jobs 2 "$tmp/a/ja" "$tmp/a/en")"
cp "$tmp/out" "$tmp/pairs.tsv"
python3 "$top_srcdir/tests/bench/pair-score.py" "$tmp/a" "$tmp/pairs.tsv" | head -1
