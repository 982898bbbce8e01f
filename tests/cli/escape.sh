#!/bin/sh
# escape.sh — text from documents and memories on its way to a terminal or a line-based
# format: control characters (ESC, BEL and other C0 controls, DEL, C1 controls such as CSI
# U+009B and NEL U+0085) and the separators U+2028 / U+2029 never reach the output of segment,
# align -f tsv, lookup, concord, check, phrase, phrases and stats --documents (they become
# spaces); tmx cat's TSV escapes them as \uXXXX; JSON and TMX keep them, escaped as those
# formats escape them; messages on standard error carry none either.
. "$top_srcdir/tests/setup"

cd "$tmp"
esc=$(printf '\033')
bel=$(printf '\007')
csi=$(printf '\302\233') # U+009B
nel=$(printf '\302\205') # U+0085
ls=$(printf '\342\200\250') # U+2028
# no_controls FILE: FILE holds no control character but tab and line feed, no C1 control and
# no U+2028 / U+2029
no_controls() {
    ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1" &&
        ! LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$1" &&
        ! LC_ALL=C grep -q "$(printf '\342\200[\250\251]')" "$1"
}
# shown NAME FILE: a test point that FILE (an output) has none of them, and still has text
shown() {
    t_ok "$1: no control character or separator" no_controls "$2"
    t_ok "$1: and its text" test -s "$2"
}
printf '法の支配を守る%s[31m。\n予算は%s二千円%sです。\n法の支配%s[2Jが大切だ%s。\n国際秩序を守る%s。\n' \
    "$esc" "$bel" "$csi" "$esc" "$nel" "$ls" >ja.txt
printf 'Uphold the rule%s[31m of law.\nThe budget is%s 2,000%s yen.\nThe rule of law%s[2J matters%s.\nUphold the international order%s.\n' \
    "$esc" "$bel" "$csi" "$esc" "$nel" "$ls" >en.txt

t_run "segment" 0 "$TAIYAKU" segment --lang ja ja.txt
shown "segment" "$tmp/out"
t_grep "segment: a control character becomes a space" '^法の支配を守る \[31m。$' "$tmp/out"
# the same characters after long runs of plain text, at every offset in sixteen bytes (segment
# passes over runs of eight or sixteen bytes without any of them at once): paragraphs of
# "k ASCII letters, Japanese, the control, Japanese, U+2028, a tab, DEL, 。"
del=$(printf '\177')
tab=$(printf '\t')
: >runs.txt
for k in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
    printf '%.*s日本語の文章です%s日本語%sの文%s章%sです%s国際秩序%s。\n\n' "$k" abcdefghijklmnopq \
        "$csi" "$ls" "$tab" "$del" "$nel" "$esc" >>runs.txt
done
LC_ALL=C sed -e "s/$csi/ /g" -e "s/$ls/ /g" -e "s/$del/ /g" -e "s/$nel/ /g" -e "s/$esc/ /g" \
    -e '$d' runs.txt >runs.want
t_run "segment: controls after runs of plain text" 0 "$TAIYAKU" segment --lang ja runs.txt
t_same "segment: each becomes a space, the tab stays, at every offset" "$tmp/out" runs.want
# each of them alone in a segment (segment writes a segment that has none of them in one piece,
# after looking at sixteen bytes at a time, the last sixteen overlapping): at every offset in
# sixteen bytes, in the overlapping last bytes, in segments shorter than sixteen bytes, among
# Japanese and among ASCII letters only; the tab stays
: >alone.txt
: >alone.want
for c in "$esc" "$bel" "$(printf '\001')" "$(printf '\037')" "$del" "$csi" "$nel" \
    "$(printf '\302\200')" "$(printf '\302\237')" "$ls" "$(printf '\342\200\251')" "$tab"; do
    r=" "
    [ "$c" = "$tab" ] && r=$tab
    for k in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32; do
        pre=$(printf '%.*s' "$k" abcdefghijklmnopqrstuvwxyzabcdefgh)
        printf '%s日本語%sです。\n\n%sJapan%s is an island nation in Asia.\n\n' "$pre" "$c" \
            "$pre" "$c" >>alone.txt
        printf '%s日本語%sです。\n\n%sJapan%s is an island nation in Asia.\n\n' "$pre" "$r" \
            "$pre" "$r" >>alone.want
    done
    printf '日%s。\n\nx%sa\n\n' "$c" "$c" >>alone.txt
    printf '日%s。\n\nx%sa\n\n' "$r" "$r" >>alone.want
done
sed -i '$d' alone.want
t_run "segment: each control alone" 0 "$TAIYAKU" segment --lang ja alone.txt
t_same "segment: each control alone becomes a space, the tab stays" "$tmp/out" alone.want
t_run "segment --format jsonl" 0 "$TAIYAKU" segment --lang ja -f jsonl ja.txt
t_grep "segment --format jsonl: keeps it, escaped" '"text":"法の支配を守る\\u001b\[31m。"' "$tmp/out"
t_run "align -f tsv" 0 "$TAIYAKU" align --no-lexicon -f tsv ja.txt en.txt
shown "align -f tsv" "$tmp/out"
t_ok "align -f tsv: one line per bead" test "$(wc -l <"$tmp/out")" -ge 4
t_run "align -f jsonl" 0 "$TAIYAKU" align --no-lexicon -f jsonl ja.txt en.txt
t_grep "align -f jsonl: keeps them, escaped" 'Uphold the rule\\u001b\[31m of law' "$tmp/out"
t_run "align -f tmx" 0 "$TAIYAKU" align --no-lexicon -f tmx ja.txt en.txt
t_grep "align -f tmx: keeps the C1 control" "予算は.二千円${csi}です" "$tmp/out"

t_run "align --db" 0 "$TAIYAKU" align --no-lexicon --db m.sqlite ja.txt en.txt
t_run "lookup" 0 "$TAIYAKU" lookup --db m.sqlite --color never --min 30 法の支配を守る
shown "lookup" "$tmp/out"
t_run "lookup --json" 0 "$TAIYAKU" lookup --db m.sqlite --json --min 30 法の支配を守る
t_grep "lookup --json: keeps them, escaped" '"ja":"法の支配を守る\\u001b\[31m。"' "$tmp/out"
t_run "concord" 0 "$TAIYAKU" concord --db m.sqlite --color never 法の支配
shown "concord" "$tmp/out"
t_run "check" 1 "$TAIYAKU" check --db m.sqlite --color never --checks confidence --min-confidence 1
shown "check" "$tmp/out"
t_run "phrase" 0 "$TAIYAKU" phrase --db m.sqlite --no-lexicon --min-uses 1 --all --color never 法の支配
shown "phrase" "$tmp/out"
t_run "phrase --tsv" 0 "$TAIYAKU" phrase --db m.sqlite --no-lexicon --min-uses 1 --tsv 法の支配
shown "phrase --tsv" "$tmp/out"
t_run "import --name with a control character" 0 "$TAIYAKU" import --db m.sqlite \
    --name "named${esc}[2J${csi}doc" "$top_srcdir/tests/cli/data/tm/a.tmx"
t_run "stats --documents" 0 "$TAIYAKU" stats --db m.sqlite --documents
shown "stats --documents" "$tmp/out"
t_grep "stats --documents: the name with spaces" 'named \[2J doc$' "$tmp/out"

# a TMX can hold C1 controls and U+2028 (XML 1.0 allows them)
printf '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><body>\n<tu><tuv xml:lang="ja"><seg>一%s二%s三</seg></tuv><tuv xml:lang="en"><seg>one%stwo\\three</seg></tuv></tu>\n<tu tuid="t%s1"><tuv xml:lang="ja"><seg>一つ</seg></tuv></tu>\n</body></tmx>\n' \
    "$csi" "$ls" "$nel" "$csi" >c1.tmx
t_run "tmx cat" 0 "$TAIYAKU" tmx cat c1.tmx
shown "tmx cat" "$tmp/out"
t_ok "tmx cat: escapes them as \\uXXXX" test "$(cat "$tmp/out")" = '一\u009b二\u2028三	one\u0085two\\three'
t_grep "the warning about the one-sided <tu> has its tuid" 'tuid="t 1"' "$tmp/err"
t_ok "messages carry no control character either" no_controls "$tmp/err"
t_run "tmx cat -f jsonl" 0 "$TAIYAKU" tmx cat -f jsonl c1.tmx
t_grep "tmx cat -f jsonl: keeps them" "\"ja\":\"一${csi}二${ls}三\"" "$tmp/out"
t_run "a usage error naming a control character" 64 "$TAIYAKU" lookup --db m.sqlite --color "x${esc}[2J"
t_ok "says it without it" no_controls "$tmp/err"
t_done
