#!/bin/sh
# input.sh — values the program refuses before it does anything, each in one line naming the
# value: queries and document names that are not UTF-8 (exit 64; 2 for a line of standard
# input, with its line number), dates that do not exist, language codes, a SOURCE_DATE_EPOCH
# that is not a number, a --lexicon-cache that is not a directory; and files written with the
# permissions the umask gives (TMX, HTML reports), not 0600.
. "$top_srcdir/tests/setup"

fx="$top_srcdir/tests/cli/data/tm"
cd "$tmp"
cp "$fx/a.tmx" "$fx/b.tmx" .
"$TAIYAKU" import --db m.sqlite a.tmx b.tmx >/dev/null 2>&1
bad=$(printf 'ab\377\376')
# usage NAME PATTERN CMD...: CMD exits 64 with the one line "taiyaku CMD: …PATTERN… (see …)"
usage() {
    u_name=$1 u_pattern=$2
    shift 2
    t_run "$u_name" 64 "$@"
    t_grep "$u_name: says why" "^taiyaku [a-z]+: .*$u_pattern.* \\(see 'taiyaku [a-z]+ --help'\\)\$" "$tmp/err"
    t_ok "$u_name: in one line, nothing written" test "$(wc -l <"$tmp/err")" -eq 1 -a ! -s "$tmp/out"
}

# ---- queries and names that are not UTF-8 ----
usage "lookup of a query that is not UTF-8" "the query is not valid UTF-8 \\(byte 2\\)" \
    "$TAIYAKU" lookup --db m.sqlite --json "$bad"
usage "concord of one" "the text to look for is not valid UTF-8" \
    "$TAIYAKU" concord --db m.sqlite --json "$bad"
usage "phrase of one" "the phrase is not valid UTF-8" "$TAIYAKU" phrase --db m.sqlite --json "$bad"
usage "check --document" "the document name is not valid UTF-8" \
    "$TAIYAKU" check --db m.sqlite -D "$bad"
usage "export --document" "the document name is not valid UTF-8" \
    "$TAIYAKU" export --db m.sqlite -o x.tmx --document "$bad"
usage "import --name" "the document name is not valid UTF-8" \
    "$TAIYAKU" import --db m.sqlite --name "$bad" a.tmx
usage "remove" "the document name is not valid UTF-8" "$TAIYAKU" remove --db m.sqlite "$bad"
printf '憲法\n%s\n予算\n' "$bad" >queries
t_run "lookup of standard input with a line that is not UTF-8" 2 \
    sh -c "\"$TAIYAKU\" lookup --db m.sqlite --json <queries"
t_ok "names the line" test "$(cat "$tmp/err")" = \
    "taiyaku: stdin:2: the query is not valid UTF-8 (byte 2)"
t_ok "after answering the lines before it, in JSON" test "$(grep -c '^{"query":"憲法"' "$tmp/out")" -eq 1
t_ok "and every byte written is UTF-8" iconv -f UTF-8 -t UTF-8 "$tmp/out" -o /dev/null

# ---- dates that do not exist ----
for d in 2026-02-30 2026-13-01 0000-00-00 2026-01-01T25:61:61Z yesterday; do
    usage "export --since $d" "--since: bad time '$d'" "$TAIYAKU" export --db m.sqlite -o x.tmx --since "$d"
done
t_ok "no file is written" test ! -e x.tmx
t_run "export --since a date that exists" 0 "$TAIYAKU" export --db m.sqlite -o x.tmx --since 2024-02-29
t_run "import with a SOURCE_DATE_EPOCH that is not a number" 2 env SOURCE_DATE_EPOCH=soon \
    "$TAIYAKU" import --db n.sqlite a.tmx
t_ok "says so" test "$(cat "$tmp/err")" = \
    "taiyaku: SOURCE_DATE_EPOCH='soon' is not a number of seconds up to the year 9999"
t_ok "and makes no memory" test ! -e n.sqlite
t_run "import with a SOURCE_DATE_EPOCH" 0 env SOURCE_DATE_EPOCH=1714554000 \
    "$TAIYAKU" import --db n.sqlite a.tmx
t_run "  takes it as the import time" 0 "$TAIYAKU" stats --db n.sqlite --documents
t_grep "  2024-05-01T09:00:00Z" ' 2024-05-01T09:00:00Z ' "$tmp/out"

# ---- small ones ----
usage "tmx copy --ja-lang with markup in it" "--ja-lang: language code 'a\"><x' has '\"'" \
    "$TAIYAKU" tmx copy --ja-lang 'a"><x' a.tmx -o y.tmx
usage "tmx copy --srclang that is not a code" "--srclang: " \
    "$TAIYAKU" tmx copy --srclang 'ja JP' a.tmx -o y.tmx
: >cachefile
usage "--lexicon-cache that is a file" "--lexicon-cache cachefile: the lexicon cache is not a directory" \
    "$TAIYAKU" align --lexicon-cache cachefile a.tmx b.tmx

# ---- files get the permissions the umask gives ----
for mask in 022 077 002; do
    (umask $mask && "$TAIYAKU" export --db m.sqlite -o "u$mask.tmx" 2>/dev/null &&
        "$TAIYAKU" phrase --db m.sqlite --no-lexicon --html "u$mask.html" 予算 >/dev/null)
    want=$(printf '%03o' $((0666 & ~0$mask)))
    t_ok "umask $mask: the TMX is $want" test "$(stat -c %a "u$mask.tmx")" = "${want#0}"
    t_ok "umask $mask: the HTML report is $want" test "$(stat -c %a "u$mask.html")" = "${want#0}"
done
t_done
