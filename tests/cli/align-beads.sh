#!/bin/sh
# align-beads.sh — the alignment of every pair of the development corpus (../shared/corpus,
# its gold segmentation) is byte for byte the stored one: `taiyaku align --segmented --format
# beads` with the dictionaries and with --no-lexicon, against tests/cli/expected/
# corpus-beads.txt and corpus-beads-nolex.txt (beads and confidences only, no corpus text);
# and every pair's sentences concatenated into one pair (about 2,900 a side, so that it is
# aligned by the corridor search, coarse levels and pass 2's narrowed corridor, which the
# pairs alone are too short for), --no-lexicon, against corridor-beads-nolex.txt.
# It guards speed work on the aligner, which must not change a single bead or confidence; a
# deliberate change of the model regenerates the files with TY_REGEN=1 make check
# TESTS=tests/cli/align-beads.sh (and says so in its commit). SKIPs, saying so, without the
# corpus, and the dictionary half without EDICT/ENAMDICT (a FAIL when TY_REQUIRE_CLIENTS=1).
. "$top_srcdir/tests/setup"

exp="$top_srcdir/tests/cli/expected"
if ! ls "$corpus"/*.gold >/dev/null 2>&1; then
    t_skip "the corpus beads" "no corpus at $corpus"
    t_done
    exit 0
fi

# beads of every pair, each pair's under a "== NAME" line; the status of the first failure
all_beads() { # OUT [ALIGN OPTION...]
    out=$1
    shift
    : >"$out"
    for gold in "$corpus"/*.gold; do
        name=${gold##*/}
        name=${name%.gold}
        echo "== $name" >>"$out"
        "$TAIYAKU" align --segmented --format beads "$@" \
            "$corpus/$name.ja.seg" "$corpus/$name.en.seg" >>"$out" || return
    done
}

# every pair's sentences, in the order all_beads aligns them, into one pair
one_pair() { # JA EN
    : >"$1"
    : >"$2"
    for gold in "$corpus"/*.gold; do
        name=${gold##*/}
        name=${name%.gold}
        cat "$corpus/$name.ja.seg" >>"$1"
        cat "$corpus/$name.en.seg" >>"$2"
    done
}

pairs=$(ls "$corpus"/*.gold | wc -l)
for lex in --no-lexicon lexicon; do
    if [ "$lex" = lexicon ]; then
        file=corpus-beads.txt
        t_need edict edict test -r /usr/share/edict/edict || continue
        t_need enamdict enamdict test -r /usr/share/edict/enamdict || continue
        set -- --lexicon-cache "$tmp/cache"
    else
        file=corpus-beads-nolex.txt
        set -- --no-lexicon
    fi
    t_run "$lex: all $pairs pairs align" 0 all_beads "$tmp/beads" "$@"
    [ "${TY_REGEN:-0}" = 1 ] && cp "$tmp/beads" "$exp/$file"
    t_same "$lex: the beads are the stored ones" "$tmp/beads" "$exp/$file"
    # no corpus text in the stored file: every line is a pair's name or a bead and a number
    t_ok "$lex: the stored file holds beads and confidences only" \
        test "$(grep -cvE '^(== [A-Za-z0-9_.-]+|\[[0-9,]*\]:\[[0-9,]*\]	[01]\.[0-9]+)$' "$exp/$file")" -eq 0
    t_ok "$lex: it holds all $pairs pairs" test "$(grep -c '^== ' "$exp/$file")" -eq "$pairs"
done

one_pair "$tmp/all.ja" "$tmp/all.en"
t_run "all pairs as one (corridor search) align" 0 "$TAIYAKU" align --segmented --format beads \
    --no-lexicon "$tmp/all.ja" "$tmp/all.en"
cp "$tmp/out" "$tmp/corridor"
[ "${TY_REGEN:-0}" = 1 ] && cp "$tmp/corridor" "$exp/corridor-beads-nolex.txt"
t_same "all pairs as one: the beads are the stored ones" "$tmp/corridor" \
    "$exp/corridor-beads-nolex.txt"
t_ok "all pairs as one: the stored file holds beads and confidences only" \
    test "$(grep -cvE '^\[[0-9,]*\]:\[[0-9,]*\]	[01]\.[0-9]+$' "$exp/corridor-beads-nolex.txt")" -eq 0
t_done
