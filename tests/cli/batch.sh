#!/bin/sh
# batch.sh — taiyaku pair and taiyaku batch on folders built from the statements of
# examples/statements (opaque names, a document without counterpart on each side: the pairs
# need distinct dates and numbers, which they have, and the wrong pair distinct topics), and
# the pair checks of align:
# pairing, storing, the memory equal to per-pair `align --db` (and its lookups and concordance
# too, right after the batch), resume (unchanged, replaced), a failed pair (exit 1, file and
# reason), swapped and wrong pairs, a pair the memory refuses in the middle of a group, the
# reports, the progress line on a terminal (under script) and in plain lines. The examples
# are in the repository, so the test runs the same on a clean clone as beside the corpus.
. "$top_srcdir/tests/setup"

ex="$top_srcdir/examples/statements"

# Four pairs under opaque names in nested folders, and one document without counterpart a side.
mkdir -p "$tmp/ja/a" "$tmp/en/b/c"
i=0
for p in bridge school-lunch heavy-rain crafts-archive; do
    i=$((i + 1))
    cp "$ex/$p.ja.txt" "$tmp/ja/a/j$i.txt"
    cp "$ex/$p.en.txt" "$tmp/en/b/c/e$((9 - i)).txt"
    printf 'ja/a/j%s.txt\ten/b/c/e%s.txt\n' $i $((9 - i)) >>"$tmp/truth"
done
cp "$ex/rice-crop.ja.txt" "$tmp/ja/lone.txt"
cp "$ex/flu-vaccine.en.txt" "$tmp/en/lone.txt"
cd "$tmp"

t_run "pair: two folders" 0 "$TAIYAKU" pair ja en
awk -F'\t' '$1 != "" && $2 != "" { print $1 "\t" $2 }' out | sort >pairs
sort truth >truth.sorted
t_same "pair: the four true pairs" pairs truth.sorted
t_grep "pair: the Japanese document without counterpart stays unpaired" '^ja/lone.txt		0$' out
t_grep "pair: the English one too" '^	en/lone.txt	0$' out

t_run "batch: two folders" 0 "$TAIYAKU" batch --db m.db -q --jobs 2 --report r.jsonl ja en
t_grep "batch: totals" '^4 pairs: 4 stored, 0 replaced, 0 unchanged, 0 refused, 0 failed' out
t_ok "batch: one report line per pair" test "$(grep -c '"status":"stored"' r.jsonl)" -eq 4
t_grep "batch: the report has the beads by shape" '"beads":\{"1:1":[0-9]+' r.jsonl
t_grep "batch: the document without counterpart is named" 'ja/lone.txt: .*no English counterpart' err

# The memory equals what per-pair align --db gives: the same units, occurrences and segments.
while IFS='	' read -r j e; do
    "$TAIYAKU" align --db per.db "$j" "$e" >/dev/null
done <truth
units() { # MEMORY -> its counts and its units' segments, sorted
    "$TAIYAKU" stats --db "$1" | grep -E '^(documents|units|occurrences) '
    "$TAIYAKU" export --db "$1" -o - 2>/dev/null | grep -o '<seg>.*</seg>' | sort
}
units m.db >got
units per.db >want
t_same "batch: the memory equals per-pair align --db" got want

# A batch indexes its units in bulk at its end (and every few seconds): right after it, the
# concordance and fuzzy lookups of the memory find what they find in per.db, whose pairs were
# indexed as each was stored (the documents' names aside).
for q in の the 年 する; do
    "$TAIYAKU" concord --db m.db -n 0 --color never "$q" >got
    "$TAIYAKU" concord --db per.db -n 0 --color never "$q" >want
    t_ok "batch: concordance of '$q' finds units" test -s got
    t_same "batch: concordance of '$q' finds what it finds in per.db" got want
done
q="$(sed -n 3p ja/a/j1.txt | cut -c1-40)で"
"$TAIYAKU" lookup --db m.db "$q" | sed 's/  *[^ ]*\.txt | [^ ]*\.txt:/ DOC:/' >got
"$TAIYAKU" lookup --db per.db "$q" | sed 's/  *[^ ]*\.txt | [^ ]*\.txt:/ DOC:/' >want
t_grep "batch: a fuzzy lookup finds a unit of the batch" '^   90%' got
t_same "batch: and what it finds in per.db" got want

# --cpu on one long pair (every statement four times over, ~900 sentences a side): the four
# short pairs align in about 0.01 s of CPU, which the two decimals may print as 0.00.
for r in 1 2 3 4; do cat "$ex"/*.ja.txt; done >long.ja.txt
for r in 1 2 3 4; do cat "$ex"/*.en.txt; done >long.en.txt
printf 'long.ja.txt\tlong.en.txt\n' >long.tsv
t_run "batch --cpu" 0 "$TAIYAKU" batch --db cpu.db -q --cpu --pairs long.tsv
t_grep "batch --cpu: the writer's and the aligning threads' CPU, and their ratio" \
    '^CPU: writer [0-9]+\.[0-9]+ s, aligning threads [0-9]+\.[0-9]+ s, writer/aligning [0-9.]+$' out
t_ok "batch --cpu: the aligning threads used some CPU" \
    awk '/^CPU: / { ok = $7 + 0 > 0 } END { exit !ok }' out
t_run "batch -o DIR: one TMX per pair" 0 "$TAIYAKU" batch --db o.db -q -o tmxdir ja en
t_ok "batch -o DIR: four files, named after the Japanese ones" \
    test "$(ls tmxdir/a/j1.tmx tmxdir/a/j2.tmx tmxdir/a/j3.tmx tmxdir/a/j4.tmx | wc -l)" -eq 4
t_grep "batch -o DIR: a TMX with units" '<tu ' tmxdir/a/j1.tmx
t_run "batch -o FILE.tmx: one TMX of every pair" 0 "$TAIYAKU" batch --db o.db -q -o all.tmx ja en
t_run "batch -o FILE.tmx: it reads back" 0 "$TAIYAKU" tmx stats all.tmx
t_ok "batch -o FILE.tmx: the units of the four pairs" \
    test "$(grep -c '<tu ' all.tmx)" -eq "$(cat tmxdir/a/*.tmx | grep -c '<tu ')"

t_run "batch again: nothing to do" 0 "$TAIYAKU" batch --db m.db -q ja en
t_grep "batch again: every pair unchanged" '^4 pairs: 0 stored, 0 replaced, 4 unchanged' out
printf '\n本文の後に一文を加えた。\n' >>ja/a/j2.txt
printf '\nA sentence added after the text.\n' >>en/b/c/e7.txt
t_run "batch after a change" 0 "$TAIYAKU" batch --db m.db -q ja en
t_grep "batch after a change: that pair replaced, the others unchanged" \
    '^4 pairs: 0 stored, 1 replaced, 3 unchanged' out
t_run "batch after a change: stats --verify" 0 "$TAIYAKU" stats --db m.db --verify
t_grep "batch after a change: still four documents" '^documents 4$' out

# A list with a missing file, an empty file, swapped sides and a wrong pair.
: >empty.txt
{
    printf 'ja/a/j1.txt\tmissing.txt\n'
    printf 'empty.txt\ten/b/c/e8.txt\n'
    printf 'en/b/c/e6.txt\tja/a/j3.txt\n'
    printf 'ja/a/j4.txt\ten/b/c/e8.txt\n'
} >list.tsv
t_run "batch --pairs: failed pairs give exit 1" 1 "$TAIYAKU" batch --db w.db -q --pairs list.tsv \
    --report w.html
t_grep "batch --pairs: a missing file is named" 'missing.txt' err
t_grep "batch --pairs: an empty side is named" 'empty.txt' err
t_grep "batch --pairs: swapped sides are said and swapped back" \
    'en/b/c/e6.txt.*swapped' err
t_grep "batch --pairs: a wrong pair is refused" 'j4.txt.*not a translation of each other\?' err
t_grep "batch --pairs: totals" '^4 pairs: 1 stored, 0 replaced, 0 unchanged, 1 refused, 2 failed' out
t_grep "batch --pairs: the HTML report" '<table' w.html
t_run "batch --pairs: the memory holds the swapped pair only" 0 "$TAIYAKU" stats --db w.db
t_grep "batch --pairs: one document" '^documents 1$' out
t_run "batch --pairs --strict: swapped sides fail" 1 "$TAIYAKU" batch --db s.db -q --strict \
    --pairs list.tsv
t_grep "batch --pairs --strict: totals" '^4 pairs: 0 stored, 0 replaced, 0 unchanged, 1 refused, 3 failed' out
t_run "batch --pairs --force: the wrong pair stored" 1 "$TAIYAKU" batch --db f.db -q --force \
    --pairs list.tsv
t_grep "batch --pairs --force: totals" '^4 pairs: 2 stored, 0 replaced, 0 unchanged, 0 refused, 2 failed' out

# align checks a pair before storing it.
t_run "align --db: a wrong pair is not stored" 2 "$TAIYAKU" align --db a.db ja/a/j4.txt en/b/c/e8.txt
t_grep "align --db: says why" 'not a translation of each other\? mean confidence' err
t_ok "align --db: no memory written" test ! -s a.db
t_run "align --db --force: stored anyway" 0 "$TAIYAKU" align --db a.db --force ja/a/j4.txt \
    en/b/c/e8.txt
t_run "align: a wrong pair without --db is a warning" 0 "$TAIYAKU" align ja/a/j4.txt en/b/c/e8.txt
t_grep "align: the warning" 'warning: not a translation of each other\?' err
t_run "align: swapped sides" 0 "$TAIYAKU" align -f tsv en/b/c/e6.txt ja/a/j3.txt
t_grep "align: swapped sides: the warning" 'warning: .*swapped back' err
"$TAIYAKU" align -f tsv ja/a/j3.txt en/b/c/e6.txt >straight
t_same "align: swapped sides: the same beads as the right way round" out straight
t_run "align --strict: swapped sides are an error" 2 "$TAIYAKU" align --strict en/b/c/e6.txt \
    ja/a/j3.txt

# A pair the memory refuses (a sentence over 1 MiB) right after a pair of its group: it fails
# alone and the run goes on (exit 1); the pair before it is in the memory all the same (a group
# without savepoints loses the pairs before the failing one, which the batch stores again), and
# so is the pair after it.
"$TAIYAKU" batch --db big.db -q --pairs truth >/dev/null 2>&1 || true
awk 'BEGIN { printf "会議は"; for (i = 0; i < 32000; i++) printf "明日の午前に始まります"; print "。" }' \
    >big.ja.txt
echo 'The meeting starts tomorrow morning.' >big.en.txt
printf '%s\t%s\nbig.ja.txt\tbig.en.txt\n%s\t%s\n' "$ex/trade-talks.ja.txt" \
    "$ex/trade-talks.en.txt" "$ex/flu-vaccine.ja.txt" "$ex/flu-vaccine.en.txt" >big.tsv
t_run "batch: a pair over the memory's limit fails alone" 1 "$TAIYAKU" batch --db big.db -q \
    --force --jobs 1 --pairs big.tsv
t_grep "batch: saying which pair and why" \
    '^taiyaku: big.ja.txt: not stored \(and big.en.txt\): .*the Japanese text is over 1048576 bytes' err
t_run "batch: the pairs before and after it" 0 "$TAIYAKU" stats --db big.db --verify
t_grep "batch: are in the memory" '^documents 6$' out
t_run "batch: the failed pair is not" 0 "$TAIYAKU" stats --db big.db --documents
t_ok "batch: no document of the failed pair" test "$(grep -c 'big.ja.txt' out)" -eq 0
t_ok "batch: the pair after it" test "$(grep -c 'flu-vaccine' out)" -eq 1

# A pair whose new version the memory refuses keeps its earlier version: the new version goes
# in first and the earlier one out after it. And a run stopped between the two (both versions
# under one name: made here with sqlite3) is sorted out by the next run.
mkdir -p rv/ja rv/en
cp "$ex/trade-talks.ja.txt" rv/ja/x.txt
cp "$ex/trade-talks.en.txt" rv/en/x.txt
printf 'rv/ja/x.txt\trv/en/x.txt\n' >rv.tsv
t_run "batch: a first version" 0 "$TAIYAKU" batch --db rv.db -q --force --pairs rv.tsv
cp rv.db rv-both.db
cat big.ja.txt >>rv/ja/x.txt
t_run "batch: a new version over the memory's limit" 1 "$TAIYAKU" batch --db rv.db -q --force \
    --pairs rv.tsv
t_grep "batch: the new version is not stored" '^taiyaku: rv/ja/x.txt: not stored' err
t_run "batch: the earlier version" 0 "$TAIYAKU" stats --db rv.db --verify
t_grep "batch: stays in the memory" '^documents 1$' out
t_run "batch: the earlier version's units" 0 "$TAIYAKU" lookup --db rv.db --min 100 \
    "$(sed -n 1p "$ex/trade-talks.ja.txt")"
t_grep "batch: are still found" "^  100%" out
if t_need "batch: a stopped run's two versions" sqlite3 command -v sqlite3; then
    echo '追加の文です。' >rv/ja/y.txt
    cat "$ex/trade-talks.ja.txt" >>rv/ja/y.txt
    cp rv/en/x.txt rv/en/y.txt
    printf 'rv/ja/y.txt\trv/en/y.txt\n' >rv-y.tsv
    t_run "batch: a second version under another name" 0 "$TAIYAKU" batch --db rv-both.db -q \
        --force --pairs rv-y.tsv
    sqlite3 rv-both.db "UPDATE documents SET name = 'rv/ja/x.txt | rv/en/x.txt'"
    cp rv/ja/y.txt rv/ja/x.txt
    t_run "batch: the run after a stop between storing and removing" 0 "$TAIYAKU" batch \
        --db rv-both.db --force --pairs rv.tsv
    t_grep "batch: counts the pair unchanged" '^1 pairs: 0 stored, 0 replaced, 1 unchanged' out
    t_run "batch: and removes the earlier version" 0 "$TAIYAKU" stats --db rv-both.db --verify
    t_grep "batch: one document left" '^documents 1$' out
    t_run "batch: the one left" 0 "$TAIYAKU" stats --db rv-both.db --documents
    t_grep "batch: is the new version (document 2)" '^ +2 .* rv/ja/x.txt \| rv/en/x.txt$' out
fi

# Progress: plain lines when standard error is not a terminal, a redrawn line on one.
t_run "batch: plain progress lines" 0 "$TAIYAKU" batch --db p.db --progress-every 0 ja en
t_grep "batch: plain progress lines say pairs done of all" '^taiyaku batch: [0-9]+/4 pairs, ' err
if t_need script bsdutils script --version; then
    script -qec "'$TAIYAKU' batch --db t.db ja en" /dev/null >tty.out 2>&1 || true
    t_grep "batch on a terminal: the progress line is redrawn" "$(printf '\r')"'.*[0-9]+/4 pairs' \
        tty.out
    t_grep "batch on a terminal: the totals" '4 pairs: 4 stored' tty.out
fi
t_done
