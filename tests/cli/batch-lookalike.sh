#!/bin/sh
# batch-lookalike.sh — look-alike pairs (a statement of a series with the English of another
# of the series: same kind, same structure, a mean confidence the mean alone lets through) are
# "not a translation of each other?" for `batch` and `align --db` with and without the
# dictionaries, as their dates and numbers disagree (ty_pair_score), while the true pairs of
# the series and other true pairs are stored. The report carries the anchor agreement. It runs
# on the flood-aid statements of examples/statements (mean confidence 0.89-0.96 for the
# look-alikes) and, when the corpus is there, on its press conferences too (mean 0.85, and the
# corpus's lowest-scoring true pair).
. "$top_srcdir/tests/setup"

cd "$tmp"

# lookalike LABEL DIR JA1 EN1 JA2 EN2 TRUE1 TRUE2 TRUE3 TRUE4 (the pairs of DIR named NAME.ja.txt,
# NAME.en.txt): the look-alike pairs JA1-EN1 and JA2-EN2 refused, the true pairs TRUE1..4
# stored; align --db on the first look-alike and the first true pair.
lookalike() {
    l=$1 d=$2
    wj=$d/$3.ja.txt we=$d/$4.en.txt tj=$d/$7.ja.txt te=$d/$7.en.txt
    printf '%s\t%s\n' "$wj" "$we" "$d/$5.ja.txt" "$d/$6.en.txt" >"$l-wrong.tsv"
    shift 6
    for p; do printf '%s\t%s\n' "$d/$p.ja.txt" "$d/$p.en.txt"; done >"$l-true.tsv"
    for lex in "" --no-lexicon; do
        w="$l, ${lex:-with the dictionaries}"
        t_run "batch ($w): the look-alike pairs are refused" 1 "$TAIYAKU" batch -q --jobs 2 $lex \
            --db "$l$lex.db" --pairs "$l-wrong.tsv" --report "$l-w$lex.jsonl"
        t_grep "batch ($w): both refused, none stored" \
            '^2 pairs: 0 stored, 0 replaced, 0 unchanged, 2 refused' out
        t_grep "batch ($w): it says why" "${wj##*/}: not a translation of each other\\?" err
        t_grep "batch ($w): the report has the anchors' agreement" '"anchor_agreement":0\.[0-2]' \
            "$l-w$lex.jsonl"
        t_run "batch ($w): the true pairs are stored" 0 "$TAIYAKU" batch -q --jobs 2 $lex \
            --db "$l$lex.db" --pairs "$l-true.tsv"
        t_grep "batch ($w): all four" \
            '^4 pairs: 4 stored, 0 replaced, 0 unchanged, 0 refused, 0 failed' out
    done
    t_run "align --db ($l): a look-alike pair is not stored" 2 "$TAIYAKU" align --db "$l-a.db" \
        "$wj" "$we"
    t_grep "align --db ($l): it says why" 'not a translation of each other\?.*not stored' err
    t_run "align --db --force ($l) stores it" 0 "$TAIYAKU" align --db "$l-a.db" --force "$wj" "$we"
    t_run "align --db ($l): the true pair is stored" 0 "$TAIYAKU" align --db "$l-a.db" "$tj" "$te"
}

lookalike examples "$top_srcdir/examples/statements" flood-aid-lunaria flood-aid-solenta \
    flood-aid-verna flood-aid-caldonia flood-aid-lunaria flood-aid-solenta crafts-archive heavy-rain
if [ -f "$corpus/mofa-style-22.ja.txt" ]; then
    lookalike corpus "$corpus" mofa-style-22 mofa-style-18 mofa-style-23 mofa-style-20 \
        mofa-style-22 mofa-style-18 kyoto-CLT00401 wmt21jaen-yahoo-ja.978384
else
    t_skip "look-alike pairs of the corpus" "the corpus is absent ($corpus)"
fi
t_done
