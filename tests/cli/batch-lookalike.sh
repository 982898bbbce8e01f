#!/bin/sh
# batch-lookalike.sh — a look-alike pair (a press conference of the corpus's series with the
# English of another day's: same minister, same structure, mean confidence 0.85, which the
# mean alone lets through) is "not a translation of each other?" for `batch` and `align --db`
# with and without the dictionaries, as its dates and numbers disagree (ty_pair_score), while
# the true pairs of the series and the corpus's lowest-scoring true pair are stored. The
# report carries the anchor agreement. SKIPs when the corpus is absent.
. "$top_srcdir/tests/setup"

corpus="$top_srcdir/../shared/corpus"
if [ ! -f "$corpus/mofa-style-22.ja.txt" ]; then
    t_skip "look-alike pairs of the corpus" "the corpus is absent ($corpus)"
    t_done
    exit 0
fi
cd "$tmp"
c=$corpus
printf '%s\t%s\n' "$c/mofa-style-22.ja.txt" "$c/mofa-style-18.en.txt" \
    "$c/mofa-style-23.ja.txt" "$c/mofa-style-20.en.txt" >wrong.tsv
printf '%s\t%s\n' "$c/mofa-style-22.ja.txt" "$c/mofa-style-22.en.txt" \
    "$c/mofa-style-18.ja.txt" "$c/mofa-style-18.en.txt" \
    "$c/kyoto-CLT00401.ja.txt" "$c/kyoto-CLT00401.en.txt" \
    "$c/wmt21jaen-yahoo-ja.978384.ja.txt" "$c/wmt21jaen-yahoo-ja.978384.en.txt" >true.tsv

for lex in "" --no-lexicon; do
    w=${lex:-with the dictionaries}
    t_run "batch ($w): the look-alike pairs are refused" 1 "$TAIYAKU" batch -q --jobs 2 $lex \
        --db "m$lex.db" --pairs wrong.tsv --report "w$lex.jsonl"
    t_grep "batch ($w): both refused, none stored" '^2 pairs: 0 stored, 0 replaced, 0 unchanged, 2 refused' out
    t_grep "batch ($w): it says why" 'mofa-style-22.ja.txt: not a translation of each other\?' err
    t_grep "batch ($w): the report has the anchors' agreement" '"anchor_agreement":0\.[0-2]' \
        "w$lex.jsonl"
    t_run "batch ($w): the true pairs are stored" 0 "$TAIYAKU" batch -q --jobs 2 $lex \
        --db "m$lex.db" --pairs true.tsv
    t_grep "batch ($w): all four" '^4 pairs: 4 stored, 0 replaced, 0 unchanged, 0 refused, 0 failed' out
done
t_run "align --db: a look-alike pair is not stored" 2 "$TAIYAKU" align --db a.db \
    "$c/mofa-style-22.ja.txt" "$c/mofa-style-18.en.txt"
t_grep "align --db: it says why" 'not a translation of each other\?.*not stored' err
t_run "align --db --force stores it" 0 "$TAIYAKU" align --db a.db --force \
    "$c/mofa-style-22.ja.txt" "$c/mofa-style-18.en.txt"
t_run "align --db: the true pair is stored" 0 "$TAIYAKU" align --db a.db \
    "$c/mofa-style-22.ja.txt" "$c/mofa-style-22.en.txt"
t_done
