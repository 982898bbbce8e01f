#!/bin/sh
# batch-replace.sh — `taiyaku batch` replaces a pair whose text changed since the memory took it
# in one transaction: killed (SIGKILL, through the test library libsqlkill, tests/cli/sqlkill.c)
# at each step of the replace — the new version stored and the removal of the earlier one about
# to begin, in its middle, at its end, the new document's row about to be completed — the run
# leaves the earlier version alone: one document, the earlier one's id, its title found by an
# exact lookup, and `stats --verify` passes. The run after it leaves the new version alone.
# (With the new version committed first and the earlier one removed in a transaction of its
# own, the first kill left both.) The pair is the bundled example.
. "$top_srcdir/tests/setup"

shim="$top_builddir/tests/cli/.libs/libsqlkill.so"
ex="$top_srcdir/examples/press-conference"
# the library is loaded before the sanitizers' runtime (a sanitizer build)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS
cd "$tmp"
mkdir -p ja en
cp "$ex.ja.txt" ja/x.txt
cp "$ex.en.txt" en/x.txt
printf 'ja/x.txt\ten/x.txt\n' >pairs.tsv
title=$(sed -n 1p ja/x.txt)
t_run "the first version" 0 "$TAIYAKU" batch --db first.db -q --force --pairs pairs.tsv
# the new version: the title line left out on both sides
sed -i 1d ja/x.txt
sed -i 1d en/x.txt

one_version() { # WHEN ID TITLE: one document, id ID; the title found (TITLE 1) or not (0)
    t_run "$1: stats --verify" 0 "$TAIYAKU" stats --db m.db --verify
    t_grep "$1: verified ok" '^verified ok' out
    t_grep "$1: one document" '^documents 1$' out
    t_run "$1: the documents" 0 "$TAIYAKU" stats --db m.db --documents
    t_grep "$1: it is document $2" "^ +$2 .* ja/x.txt \| en/x.txt$" out
    t_run "$1: an exact lookup of the first version's title" 0 "$TAIYAKU" lookup --db m.db \
        --min 100 "$title"
    if [ "$3" -eq 1 ]; then
        t_grep "$1: finds it" '^  100%' out
    else
        t_ok "$1: finds nothing" sh -c "! grep -q '^  100%' '$tmp/out'"
    fi
}

for step in "SELECT count(*) FROM documents WHERE id =" "DELETE FROM occurrences WHERE document =" \
    "DELETE FROM documents WHERE id =" "UPDATE documents SET hash ="; do
    cp first.db m.db
    t_run "killed at '$step'" 137 env LD_PRELOAD="$shim" TY_KILL_SQL="$step" "$TAIYAKU" batch \
        --db m.db -q --force --pairs pairs.tsv
    one_version "killed at '$step'" 1 1
done
t_run "the run after the kill" 0 "$TAIYAKU" batch --db m.db --force --pairs pairs.tsv
t_grep "replaces the pair" '^1 pairs: 0 stored, 1 replaced, 0 unchanged' out
one_version "after the run" 2 0
t_done
