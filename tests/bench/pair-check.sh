#!/bin/sh
# pair-check.sh — the margins of "not a translation of each other?" (ty_pair_check_alignment):
# every pair of the corpus, and wrong pairs (each corpus Japanese document with the English of
# K other documents, K=3 by default; the -hard copies are never paired with their own source),
# aligned with `taiyaku batch --force` and the mean confidence and unpaired share of each read
# from its report. Prints the lowest mean confidence and highest unpaired share of the true
# pairs, the highest and lowest of the wrong ones, and the margins to the defaults (0.75, 0.5);
# the same for the score that weighs in the anchors' agreement (ty_pair_score, 0.68).
# The same for `import` of the TMX files batch -o DIR writes (ty_pair_tally_check through
# bench_tmx tally): by the units' mean confidence alone (0.89), and by the score with the
# anchors of their units as import judges them.
# ALIGN_OPTS=--no-lexicon: the same without the dictionaries.
# Asserts nothing.   K=41 make bench  (every wrong pair)
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
corpus="$top_srcdir/../shared/corpus"
k=${K:-3}
if ! ls "$corpus"/*.ja.txt >/dev/null 2>&1; then
    echo "pair-check: SKIP: no corpus at $corpus"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-pair-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

ls "$corpus"/*.ja.txt | sed 's/\.ja\.txt$//' >"$tmp/names"
awk '{ print $0 ".ja.txt\t" $0 ".en.txt" }' "$tmp/names" >"$tmp/true.tsv"
awk -v k="$k" '{ n[NR] = $0 } END {
    for (i = 1; i <= NR; i++) {
        bi = n[i]; sub(/-hard$/, "", bi)
        got = 0
        for (d = 1; got < k && d < NR; d++) {
            j = (i + d - 1) % NR + 1
            bj = n[j]; sub(/-hard$/, "", bj)
            if (bi == bj) continue
            print n[i] ".ja.txt\t" n[j] ".en.txt"; got++
        }
    }
}' "$tmp/names" | sort -u >"$tmp/wrong.tsv"
echo "pair-check: $(wc -l <"$tmp/true.tsv") true pairs, $(wc -l <"$tmp/wrong.tsv") wrong pairs," \
    "$(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
for set in true wrong; do
    "$TAIYAKU" batch --db "$tmp/$set.db" --force -q --jobs 2 ${ALIGN_OPTS:-} --pairs "$tmp/$set.tsv" \
        --report "$tmp/$set.jsonl" -o "$tmp/$set.d" >/dev/null 2>&1 || true
done
(cd "$top_builddir" && make -s tests/bench/bench_tmx) >/dev/null
for set in true wrong; do
    find "$tmp/$set.d" -name '*.tmx' | xargs "$top_builddir/tests/bench/bench_tmx" tally \
        >"$tmp/$set.tally"
done
awk -F'\t' -v min=0.89 -v max=0.5 '
    FILENAME ~ /true/ { nt++; if (nt == 1 || $3 < tc) tc = $3; if ($4 > tu) tu = $4
                        if ($3 < min || $4 > max || $2 != 0) refused++ }
    FILENAME ~ /wrong/ { nw++; if ($3 > wc) wc = $3; if (nw == 1 || $4 < wu) wu = $4
                         if ($3 >= min && $4 <= max && $2 == 0) kept++ }
    END {
        printf "import of their TMX: true pairs (%d): units mean confidence >= %.3f, unpaired <= %.3f\n", nt, tc, tu
        printf "import of their TMX: wrong pairs (%d): units mean confidence <= %.3f, unpaired >= %.3f\n", nw, wc, wu
        printf "import of their TMX by the units mean alone: wrong pairs kept at 0.89: %d; " \
            "true pairs refused: %d; margins %+.3f above 0.89, %+.3f below it\n", kept, refused,
            tc - min, min - wc
    }' "$tmp/true.tally" "$tmp/wrong.tally"
# as import judges a TMX (ty_pair_tally_check): by the score (column 5) and a mean of 0.75 when
# its units have anchors enough for one (the score >= 0), else by the units' mean (0.89)
awk -F'\t' -v score=0.68 -v mean=0.75 -v unit=0.89 -v max=0.5 '
    function refused() { return $2 != 0 || $4 > max ||
                                ($5 >= 0 ? $5 < score || $3 < mean : $3 < unit) }
    FILENAME ~ /true/ { nt++; r = refused(); tr += r
                        if ($5 >= 0) { ts++; if (ts == 1 || $5 < tlo) tlo = $5 } }
    FILENAME ~ /wrong/ { nw++; r = refused(); wk += !r
                         if ($5 >= 0) { ws++; if (ws == 1 || $5 > whi) whi = $5 } }
    END {
        printf "import of their TMX by the score: true pairs (%d, %d scored) >= %.3f, wrong " \
            "pairs (%d, %d scored) <= %.3f; at 0.68: %d true refused, %d wrong kept; margins " \
            "%+.3f above, %+.3f below\n", nt, ts, tlo, nw, ws, whi, tr, wk, tlo - score,
            score - whi
    }' "$tmp/true.tally" "$tmp/wrong.tally"

python3 - "$tmp/true.jsonl" "$tmp/wrong.jsonl" <<'EOF'
import json, sys
def load(p):
    return [json.loads(l) for l in open(p) if l.strip()]
t = [r for r in load(sys.argv[1]) if r["mean_confidence"] is not None]
w = [r for r in load(sys.argv[2]) if r["mean_confidence"] is not None]
tc = min(r["mean_confidence"] for r in t); tu = max(r["unpaired"] for r in t)
wc = max(r["mean_confidence"] for r in w); wu = min(r["unpaired"] for r in w)
print(f"true pairs ({len(t)}): mean confidence >= {tc:.3f}, unpaired <= {tu:.3f}")
print(f"wrong pairs ({len(w)}): mean confidence <= {wc:.3f}, unpaired >= {wu:.3f}")
print(f"wrong pairs kept by the defaults (confidence >= 0.75 and unpaired <= 0.5): "
      f"{sum(r['mean_confidence'] >= 0.75 and r['unpaired'] <= 0.5 for r in w)}; "
      f"true pairs refused: {sum(r['mean_confidence'] < 0.75 or r['unpaired'] > 0.5 for r in t)}")
print(f"margins: confidence {tc - 0.75:+.3f} above 0.75 for the true pairs, "
      f"{0.75 - wc:+.3f} below it for the wrong ones")
def score(r): # ty_pair_score, from the report's fields
    a = r.get("anchor_agreement")
    return None if a is None else (2 * r["mean_confidence"] * (1 - r["unpaired"]) + a) / 3
ts = [score(r) for r in t if score(r) is not None]
ws = [score(r) for r in w if score(r) is not None]
if ts and ws:
    print(f"score (ty_pair_score): true pairs ({len(ts)}) >= {min(ts):.3f}, wrong pairs "
          f"({len(ws)}) <= {max(ws):.3f}; at 0.68: {sum(x < 0.68 for x in ts)} true refused, "
          f"{sum(x >= 0.68 for x in ws)} wrong kept; margins {min(ts) - 0.68:+.3f} above, "
          f"{0.68 - max(ws):+.3f} below")
EOF
