#!/bin/sh
# align-threads.sh — the number of threads never changes an alignment: a pair large enough
# that the English side is read on a second thread (every corpus pair's sentences as one
# pair, about 2,900 a side, and its first 300 a side) and one too small for it (200 a side)
# give the same beads and confidences, byte for byte, with --jobs 1, 2 and 3, with the
# dictionaries and with --no-lexicon (align-beads.sh compares the default, every core, with
# the stored beads). Without the corpus, the bundled example 60 times over (about 2,200
# segments a side) stands for it. The dictionary half SKIPs without EDICT/ENAMDICT. Errors are
# those of one thread: two files large enough to be read at once, neither of them UTF-8, give
# the Japanese file's error; with a lexicon that cannot be loaded (loaded beside the reading),
# the lexicon's error alone, before anything the reading says.
. "$top_srcdir/tests/setup"

if ls "$corpus"/*.gold >/dev/null 2>&1; then
    . "$top_srcdir/tests/bench/sized-pair.sh"
    sized_round "$corpus"
    mv "$tmp/round.ja" "$tmp/all.ja"
    mv "$tmp/round.en" "$tmp/all.en"
else
    echo "# no corpus at $corpus: the bundled example 60 times over instead"
    : >"$tmp/all.ja"
    : >"$tmp/all.en"
    k=0
    while [ $k -lt 60 ]; do
        cat "$top_srcdir/examples/press-conference.ja.seg" >>"$tmp/all.ja"
        cat "$top_srcdir/examples/press-conference.en.seg" >>"$tmp/all.en"
        k=$((k + 1))
    done
fi
for n in 300 200; do
    head -n $n "$tmp/all.ja" >"$tmp/p$n.ja"
    head -n $n "$tmp/all.en" >"$tmp/p$n.en"
done

for lex in --no-lexicon lexicon; do
    if [ "$lex" = lexicon ]; then
        t_need edict edict test -r /usr/share/edict/edict || continue
        t_need enamdict enamdict test -r /usr/share/edict/enamdict || continue
        set -- --lexicon-cache "$tmp/cache"
    else
        set -- --no-lexicon
    fi
    for pair in all p300 p200; do
        t_run "$pair, $lex, --jobs 1" 0 "$TAIYAKU" align --segmented --format beads --jobs 1 "$@" \
            "$tmp/$pair.ja" "$tmp/$pair.en"
        cp "$tmp/out" "$tmp/one"
        t_ok "  some beads" test -s "$tmp/one"
        for j in 2 3; do
            t_run "$pair, $lex, --jobs $j" 0 "$TAIYAKU" align --segmented --format beads --jobs $j \
                "$@" "$tmp/$pair.ja" "$tmp/$pair.en"
            t_same "  the beads of --jobs 1" "$tmp/out" "$tmp/one"
        done
    done
done
# errors: both files (about 90 and 50 KB: read on two threads) with a byte that is not UTF-8
awk 'BEGIN { for (i = 0; i < 2000; i++) printf "第%d条の規定による報告書です。\n", i }' >"$tmp/bad.ja"
awk 'BEGIN { for (i = 0; i < 2000; i++) printf "Report under Article %d.\n", i }' >"$tmp/bad.en"
printf '\377\n' >>"$tmp/bad.ja"
printf '\377\n' >>"$tmp/bad.en"
: >"$tmp/cachefile"
for j in 1 2; do
    t_run "both files not UTF-8, --jobs $j" 2 "$TAIYAKU" align --jobs $j --no-lexicon \
        --encoding UTF-8 "$tmp/bad.ja" "$tmp/bad.en"
    t_ok "  the Japanese file's error, alone" test "$(cat "$tmp/err")" = \
        "taiyaku: $tmp/bad.ja:2001: byte 92890: invalid UTF-8 byte sequence 0xFF"
    t_ok "  nothing written" test ! -s "$tmp/out"
    t_run "the English file not UTF-8, --jobs $j" 2 "$TAIYAKU" align --jobs $j --no-lexicon \
        --encoding UTF-8 "$tmp/all.ja" "$tmp/bad.en"
    t_ok "  its error, alone" test "$(cat "$tmp/err")" = \
        "taiyaku: $tmp/bad.en:2001: byte 52890: invalid UTF-8 byte sequence 0xFF"
    t_run "and a --lexicon-cache that is a file, --jobs $j" 64 "$TAIYAKU" align --jobs $j \
        --lexicon-cache "$tmp/cachefile" --encoding UTF-8 "$tmp/bad.ja" "$tmp/bad.en"
    t_ok "  the lexicon's error, alone" test "$(cat "$tmp/err")" = \
        "taiyaku align: --lexicon-cache $tmp/cachefile: the lexicon cache is not a directory (see 'taiyaku align --help')"
    t_run "a glossary that is missing, files replaced with a warning, --jobs $j" 2 \
        "$TAIYAKU" align --jobs $j --no-lexicon -x "$tmp/none.tsv" --lenient "$tmp/bad.ja" \
        "$tmp/bad.en"
    t_ok "  the glossary's error alone, no warning of the reading" test "$(cat "$tmp/err")" = \
        "taiyaku: $tmp/none.tsv: cannot open: No such file or directory"
    t_run "the files replaced with a warning, --jobs $j" 0 "$TAIYAKU" align --jobs $j \
        --no-lexicon --lenient "$tmp/bad.ja" "$tmp/bad.en"
    t_grep "  says so" "^taiyaku: $tmp/bad.ja: warning: replaced 1 undecodable" "$tmp/err"
done
t_done
