#!/bin/sh
# qa-corpus.sh — issue 15's acceptance figures for taiyaku check, on the development corpus
# (../shared/corpus: its gold .seg and .gold, one unit per bead, written as TMX by
# tests/bench/qa-corpus). On the gold units as a memory: at most 10 findings per 1,000 units
# at severity warning or above (careful human translations, almost nothing wrong). On the same
# units with defects injected (40 per kind: digits changed, number clauses cut, untranslated
# units, glossary terms swapped for deprecated ones, brackets broken, URLs changed): each kind
# flagged at warning or above in at least 95% of its units. SKIPs, saying so, without the
# corpus or python3. tests/bench/qa-bench.sh prints the same figures.
. "$top_srcdir/tests/setup"

qa="$top_srcdir/tests/bench/qa-corpus"
glossary="$top_srcdir/tests/bench/qa-glossary.tsv"
if ! ls "$corpus"/*.gold >/dev/null 2>&1; then
    t_skip "the corpus checks" "no corpus at $corpus"
    t_done
    exit 0
fi
if ! t_need python3 python3 command -v python3; then
    t_done
    exit 0
fi
cd "$tmp"

t_run "gold units as TMX" 0 python3 "$qa" tmx "$corpus" gold
units=$(cat "$tmp/out")
t_ok "  some units ($units)" test "$units" -gt 1000
t_run "import them" 0 sh -c 'exec "$0" import --db gold.sqlite gold/*.tmx' "$TAIYAKU"
t_run "check the gold memory" 1 sh -c 'exec "$0" check --db gold.sqlite --json >gold.json' "$TAIYAKU"
t_run "findings per 1,000 units" 0 python3 "$qa" rate gold.json "$units" --min-severity warning
sed 's/^/# /' "$tmp/out"
rate=$(sed -n 's/^findings at warning or above: .*: \([0-9.]*\) per 1,000 units$/\1/p' "$tmp/out")
t_ok "at most 10 findings per 1,000 units at warning or above ($rate)" \
    awk -v r="$rate" 'BEGIN { exit !(r != "" && r + 0 <= 10) }'

t_run "inject defects" 0 python3 "$qa" inject "$corpus" inj --glossary "$glossary"
t_run "import them" 0 sh -c 'exec "$0" import --db inj.sqlite inj/*.tmx' "$TAIYAKU"
t_run "check with the glossary" 1 sh -c \
    'exec "$0" check --db inj.sqlite --glossary "$1" --json >inj.json' "$TAIYAKU" "$glossary"
t_run "score" 0 python3 "$qa" score inj/defects.tsv inj.json --min-severity warning
sed 's/^/# /' "$tmp/out"
cp "$tmp/out" score.txt
for kind in digits clause untranslated glossary brackets url; do
    share=$(awk -v k="$kind" '$1 == k { sub("%", "", $4); print $4 }' score.txt)
    t_ok "$kind: at least 95% flagged (${share:-none}%)" \
        awk -v s="$share" 'BEGIN { exit !(s != "" && s + 0 >= 95) }'
done
t_done
