#!/bin/sh
# consistency-bench.sh — issue 6's figures. (1) A memory of every pair of ../shared/corpus
# (`taiyaku align --db`, raw text), then `taiyaku phrases` on it: wall and CPU time (target
# <= 10 s) and its first findings. (2) A generated memory of N units (default 1,000,000, made
# and imported as tm-bench.sh does), then `taiyaku check` (target <= 30 s) and `taiyaku
# phrase` for recurring official phrases (target <= 1 s each; issue 17: <= 0.3 s, printed as
# CPU / goal). Prints figures, asserts nothing; the machine may be shared, so CPU times are
# printed beside wall times.
#   N=1000000 sh tests/bench/consistency-bench.sh   (run by `make bench`)
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
corpus="$top_srcdir/../shared/corpus"
n=${N:-1000000}
if ! ls "$corpus"/*.gold >/dev/null 2>&1 || [ ! -x /usr/bin/time ]; then
    echo "consistency-bench: SKIP: no corpus at $corpus or no /usr/bin/time"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-cons-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

. "$top_srcdir/tests/bench/timed.sh"

echo "consistency-bench: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
pairs=0
for gold in "$corpus"/*.gold; do
    name=${gold%.gold}
    "$TAIYAKU" align --db "$tmp/corpus.sqlite" "$name.ja.txt" "$name.en.txt" >/dev/null
    pairs=$((pairs + 1))
done
printf 'phrases on the corpus memory (%d pairs): ' "$pairs"
timed "$TAIYAKU" phrases --db "$tmp/corpus.sqlite" --color never
echo "first findings:"
sed -n '1,12p' "$tmp/out"

(cd "$top_builddir" && make -s tests/bench/bench_tm) >/dev/null
bench="$top_builddir/tests/bench/bench_tm"
"$bench" gen "$corpus" "$n" "$tmp/units.tmx" >/dev/null
"$TAIYAKU" import --db "$tmp/big.sqlite" "$tmp/units.tmx" >/dev/null
rm -f "$tmp/units.tmx"
printf 'check on %s units: ' "$n"
timed "$TAIYAKU" check --db "$tmp/big.sqlite" --color never
tail -1 "$tmp/out"
for p in 法の支配 国際社会 日本政府 安全保障; do
    printf 'phrase %s on %s units: ' "$p" "$n"
    timed "$TAIYAKU" phrase --db "$tmp/big.sqlite" --color never "$p"
    tail -1 "$tmp/time" | awk '{ printf "  CPU / goal (0.3 s, issue 17) = %.2f\n", ($2 + $3) / 0.3 }'
    sed -n '1,2p' "$tmp/out"
done
