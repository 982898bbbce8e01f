#!/bin/sh
# phrases-share.sh — `taiyaku phrases --sort share` puts first the entries a reviewer can use.
# The memory (tests/cli/data/phrases-share, hand-made): five press conferences and four
# encyclopaedia articles, two of them one article in two versions. Entries that must not lead:
# a reporter's name with 記者 whose English keeps only "Reporter", the outlet's name the same
# way, a predicate with its noun (発生した地震, rendered "First, the earthquake"), the tail of a
# list (テント等), a clause that only two copies of one sentence share (特定の宗派), a phrase
# rendered as the phrase inside it is (江戸時代後期 / Edo period, as 江戸時代), and a formula two
# texts share, far longer than the phrase (重要な責務 / one of the Government's most important
# responsibilities). Entries that must lead: 山川総理 / Prime Minister Yamakawa, 意見交換 /
# exchange of views, 新型コロナウイルス / novel coronavirus, 質疑応答 / Questions and Answers,
# 江戸時代 / Edo period. The system dictionaries are left out (--no-lexicon) so the results do
# not depend on what is installed. Also the rendering of a heading (白砂寺本堂 / Main Hall of
# Shirasuna-dera) counts where a sentence holds it whole.
. "$top_srcdir/tests/setup"

data="$top_srcdir/tests/cli/data/phrases-share"
exp="$top_srcdir/tests/cli/expected"
db="$tmp/m.sqlite"
cd "$tmp"

t_run "import the memory" 0 "$TAIYAKU" import --db "$db" "$data"/*.tmx
t_run "phrases --sort share -n 6" 0 "$TAIYAKU" phrases --db "$db" --no-lexicon --sort share \
    -n 6 --tsv
t_same "the first six: credible renderings, least consistent first" "$tmp/out" \
    "$exp/phrases-share-top.tsv"

t_run "phrases --sort share, all" 0 "$TAIYAKU" phrases --db "$db" --no-lexicon --sort share \
    -n 0 --tsv
cp "$tmp/out" all.tsv
t_ok "no predicate with its noun (発生した地震)" sh -c '! grep -q "^発生した地震	" all.tsv'
t_ok "no list tail (テント等)" sh -c '! grep -q "^テント等	" all.tsv'
t_ok "no rendering opens with a connector (First,)" sh -c '! grep -q "	First," all.tsv'
t_ok "no clause shared by copies of one sentence" sh -c '! grep -Eq "independent|affiliated" all.tsv'
row() { grep -n "^$1	" all.tsv | cut -d: -f1; }
last=$(row 冒頭発言) # Opening Remarks: consistent (share 1), and credibly its rendering
for name in 田中記者 東西新聞 江戸時代後期 重要な責務; do
    at=$(row "$name")
    t_ok "$name (share under 1, not credibly its rendering) after 冒頭発言 (share 1; $at > $last)" \
        test "${at:-0}" -gt "${last:-999}"
done

t_run "phrase 白砂寺本堂" 0 "$TAIYAKU" phrase --db "$db" --no-lexicon --color never 白砂寺本堂
t_grep "a heading and a sentence that holds it are two uses, not copies" \
    '^  100%  Main Hall of Shirasuna-dera$' "$tmp/out"
t_run "phrase 特定の宗派" 0 "$TAIYAKU" phrase --db "$db" --no-lexicon --color never 特定の宗派
t_grep "its rendering, from two texts" '^   50%  non-denominational$' "$tmp/out"
t_done
