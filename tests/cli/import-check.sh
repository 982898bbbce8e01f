#!/bin/sh
# import-check.sh — `taiyaku import` runs the pair checks of align and batch on each file
# before committing it: an alignment TMX of a wrong pair is "not a translation of each other?"
# by its score (ty_pair_score: the units' confidence, the unpaired segments and the agreement of
# the units' anchors, as align and batch judge a pair) and not imported (exit 2, the memory as it was; --force imports it with a warning; with
# several files the others go in, exit 1); a TMX whose sides are swapped is swapped back with a
# warning (the memory then equals the import of the right file), refused with --strict and from
# standard input; a TMX whose Japanese side is English is refused unless --force; a TMX of
# another tool (no confidences) is judged by its languages only; the TMX of a short true pair
# (too few anchors for a score) imports. With the corpus: a wrong pair of two look-alike press
# conferences is refused by its score.
. "$top_srcdir/tests/setup"

x="$top_srcdir/examples"
cd "$tmp"
"$TAIYAKU" align -o good.tmx "$x/press-conference.ja.txt" "$x/press-conference.en.txt" 2>/dev/null
"$TAIYAKU" align --force -o wrong.tmx "$x/press-conference.ja.txt" \
    "$top_srcdir/tests/cli/data/consistency/pc2.en.txt" 2>/dev/null
# the same alignment with the language codes exchanged: Japanese text under en-US and the reverse
sed -e 's/xml:lang="ja-JP"/xml:lang="XX"/; s/xml:lang="en-US"/xml:lang="ja-JP"/' \
    -e 's/xml:lang="XX"/xml:lang="en-US"/' good.tmx >swapped.tmx
units() { # MEMORY -> its counts and its unit pairs, sorted
    "$TAIYAKU" stats --db "$1" | grep -E '^(documents|units|occurrences) '
    "$TAIYAKU" export --db "$1" -o - 2>/dev/null | tr -d '\n' | sed 's/<tu /\n<tu /g' |
        grep -o '<seg>.*</seg>' | sort
}

t_run "the alignment of a pair imports" 0 "$TAIYAKU" import -q --db m.db good.tmx
t_grep "its units are added" '^good.tmx: [0-9]+ units: [0-9]+ added' out

t_run "a wrong pair's alignment is refused" 2 "$TAIYAKU" import -q --db m.db wrong.tmx
# (its few paired units may hold too few anchors for a score: the look-alike corpus pair below
# is the one refused by its score)
t_grep "it says why" '^taiyaku: wrong.tmx: not a translation of each other\? mean confidence 0\.[0-9]+, [0-9]+% of the segments unpaired(, score 0\.[0-9]+ \(anchors agree -?[0-9]\.[0-9]+\))?: not imported \(--force imports it\)$' err
t_run "the memory after the refusal" 0 "$TAIYAKU" stats --db m.db --verify
t_grep "still one document" '^documents 1$' out
t_grep "and verified" '^verified ok$' out

t_run "--force imports it" 0 "$TAIYAKU" import -q --force --db f.db wrong.tmx
t_grep "--force: a warning" '^taiyaku: wrong.tmx: warning: not a translation of each other\? mean confidence' err
t_grep "--force: stored" '^wrong.tmx: [0-9]+ units: [0-9]+ added' out

t_run "several files: the wrong one fails, the others go in" 1 "$TAIYAKU" import -q --db k.db \
    wrong.tmx good.tmx
t_grep "several files: the wrong one is named" '^taiyaku: wrong.tmx: not a translation' err
t_grep "several files: the count" '^taiyaku: 1 of 2 files failed' err
t_grep "several files: the good one imported" '^good.tmx: [0-9]+ units' out

t_run "swapped sides are swapped back" 0 "$TAIYAKU" import -q --db s.db swapped.tmx
t_grep "swapped: a warning" '^taiyaku: swapped.tmx: warning: the Japanese side is English and the English side Japanese: swapped back$' err
units s.db | sed 's/swapped\.tmx/good.tmx/' >got
units m.db >want
t_same "swapped: the memory equals the import of the right file" got want
t_run "swapped: the memory verifies" 0 "$TAIYAKU" stats --db s.db --verify
t_ok "swapped: not judged a wrong pair once swapped back" sh -c '! grep -q "not a translation" err'

t_run "swapped, --strict: refused" 2 "$TAIYAKU" import -q --strict --db t.db swapped.tmx
t_grep "swapped, --strict: why" '^taiyaku: swapped.tmx: the Japanese side is English and the English side Japanese: not imported \(--strict\)$' err
t_ok "swapped, --strict: no memory made" test ! -e t.db
t_run "swapped on standard input: refused" 2 "$TAIYAKU" import -q --db u.db - <swapped.tmx
t_grep "swapped on standard input: why" 'standard input cannot be read again' err

# English on both sides: the Japanese side is not Japanese
sed 's/<tuv xml:lang="ja-JP"><seg>[^<]*</<tuv xml:lang="ja-JP"><seg>The text of this side is English</' \
    good.tmx >english.tmx
t_run "an English Japanese side is refused" 2 "$TAIYAKU" import -q --db e.db english.tmx
t_grep "english: why" '^taiyaku: english.tmx: the Japanese side is not Japanese: not imported \(--force imports it anyway\)$' err
t_run "english: --force imports it" 0 "$TAIYAKU" import -q --force --db e.db english.tmx

# a short true pair: three sentences, too few anchors for a score; judged by its units' mean
printf '%s\n' '外務大臣は東京で記者会見を行いました。' '大臣は台風の被害について話しました。' \
    '会見は短く終わりました。' >short.ja.txt
printf '%s\n' 'The Foreign Minister held a press conference in Tokyo.' \
    'The minister spoke about the damage of the typhoon.' 'The press conference ended soon.' \
    >short.en.txt
"$TAIYAKU" align -o short.tmx short.ja.txt short.en.txt 2>/dev/null
t_run "a short true pair's TMX imports" 0 "$TAIYAKU" import -q --db short.db short.tmx
t_grep "short: its units are added" '^short.tmx: 3 units: 3 added' out

t_run "a TMX of another tool (no confidences) imports" 0 "$TAIYAKU" import -q --db o.db \
    "$top_srcdir/tests/cli/data/tmx/tmx11.tmx"

if [ -d "$corpus" ]; then
    "$TAIYAKU" align --force -o look-alike.tmx "$corpus/mofa-style-19.ja.txt" \
        "$corpus/mofa-style-21.en.txt" 2>/dev/null
    t_run "corpus: two look-alike press conferences are refused" 2 "$TAIYAKU" import -q \
        --db c.db look-alike.tmx
    t_grep "corpus: look-alike: why, by the score" 'not a translation of each other\? .*, score 0\.[0-9]+' err
    "$TAIYAKU" align -o true.tmx "$corpus/mofa-style-24.ja.txt" "$corpus/mofa-style-24.en.txt" \
        2>/dev/null
    t_run "corpus: the true pair of the lowest units' confidence imports" 0 "$TAIYAKU" import \
        -q --db c.db true.tmx
else
    t_skip "corpus: look-alike press conferences" "the corpus is absent ($corpus)"
fi
t_done
