#!/bin/sh
# storage.sh — the memory's files under hostile conditions: output paths that would destroy a
# memory (refused, exit 2), a memory on storage that cannot be written (read-only mount,
# directory the user may not write: every read command works), a memory being made (readers
# never see it half made; a first import that fails, also on a full disk, leaves nothing),
# and `stats --verify` (damaged text named by its unit; a writer at work: "busy" at once, not
# after waiting for it).
# The read-only and full-disk cases run in a private mount namespace (unshare -rm); where
# that is not allowed they are SKIPs that say so.
. "$top_srcdir/tests/setup"

fx="$top_srcdir/tests/cli/data/tm"
cx="$top_srcdir/tests/cli/data/consistency"
SOURCE_DATE_EPOCH=1714554000
export SOURCE_DATE_EPOCH
cd "$tmp"
cp "$fx/a.tmx" "$fx/b.tmx" .
"$TAIYAKU" import --db m.sqlite a.tmx b.tmx >/dev/null 2>&1
"$TAIYAKU" stats --db m.sqlite >m.stats
# intact NAME: m.sqlite holds what it held and passes its check
intact() {
    t_run "$1: the memory passes its check" 0 "$TAIYAKU" stats --db m.sqlite --verify
    grep -v '^verified' "$tmp/out" >"$tmp/now.stats" || true
    t_same "$1: and holds what it held" "$tmp/now.stats" m.stats
}

# ---- output paths that are the memory or any SQLite database (exit 2, nothing written) ----
# refused NAME CMD...: exit 2, one line naming the path, the memory untouched
refused() {
    r_name=$1
    shift
    t_run "$r_name" 2 "$@"
    t_grep "$r_name: says why" '^taiyaku: .*(is an SQLite database|is the translation memory|is a file of the translation memory).*not overwritten$' "$tmp/err"
    t_ok "$r_name: in one line" test "$(wc -l <"$tmp/err")" -eq 1
    intact "$r_name"
}
refused "export -o the memory" "$TAIYAKU" export --db m.sqlite -o m.sqlite
refused "export -o the memory by another name" "$TAIYAKU" export --db m.sqlite -o ./m.sqlite
refused "export -o the memory's -wal" "$TAIYAKU" export --db m.sqlite -o m.sqlite-wal
refused "tmx copy -o a memory" "$TAIYAKU" tmx copy a.tmx -o m.sqlite
refused "phrase --html the memory" "$TAIYAKU" phrase --db m.sqlite --no-lexicon --html m.sqlite 予算
refused "phrases --html the memory" "$TAIYAKU" phrases --db m.sqlite --no-lexicon --html m.sqlite
refused "align -o a memory" "$TAIYAKU" align --no-lexicon -o m.sqlite "$cx/pc1.ja.txt" "$cx/pc1.en.txt"
ln -s m.sqlite link.sqlite
refused "export -o a link to the memory" "$TAIYAKU" export --db m.sqlite -o link.sqlite
t_run "align --db NEW -o NEW" 2 "$TAIYAKU" align --no-lexicon --db new.sqlite -o new.sqlite \
    "$cx/pc1.ja.txt" "$cx/pc1.en.txt"
t_grep "is refused before anything is done" '^taiyaku: new.sqlite: is the translation memory new.sqlite: not overwritten$' "$tmp/err"
t_ok "and no memory is made" test ! -e new.sqlite
t_run "export -o a file that is not a memory" 0 "$TAIYAKU" export --db m.sqlite -o out.tmx
t_ok "is written" grep -q '<tu ' out.tmx

# ---- a memory being made: nobody sees it until its first import commits ----
t_tmx articles 20000 >big.tmx
: >readers.txt
for i in 1 2 3 4 5 6; do
    "$TAIYAKU" import --db "made$i.sqlite" big.tmx >/dev/null 2>&1 &
    pid=$!
    while kill -0 $pid 2>/dev/null; do
        "$TAIYAKU" stats --db "made$i.sqlite" >/dev/null 2>>readers.txt || true
    done
    wait $pid || echo "import $i failed" >>readers.txt
done
t_ok "readers while memories are made see none or all of them" \
    test -z "$(grep -v 'no such translation memory$' readers.txt)"
t_ok "  (and they did look while the imports ran)" grep -q 'no such translation memory$' readers.txt
t_run "a memory made" 0 "$TAIYAKU" stats --db made6.sqlite --verify
t_grep "holds its import" '^units 20000$' "$tmp/out"
t_ok "and nothing is left beside it" test -z "$(ls -A | grep 'made6.sqlite.')"

# ---- a first import that fails leaves nothing ----
: >empty.tmx
t_run "a first import of an unreadable TMX" 2 "$TAIYAKU" import --db fresh.sqlite empty.tmx
t_grep "fails" '^taiyaku: empty.tmx: not a TMX file: it is empty$' "$tmp/err"
t_ok "and leaves no memory, nor anything beside it" test -z "$(ls -A | grep fresh)"
t_run "a first alignment into a memory that cannot be stored" 2 env SOURCE_DATE_EPOCH=never \
    "$TAIYAKU" align --no-lexicon --db fresh.sqlite "$cx/pc1.ja.txt" "$cx/pc1.en.txt"
t_ok "leaves nothing either" test -z "$(ls -A | grep fresh)"

# ---- stats --verify: recomputes what it can from the text; never waits for a writer ----
cp m.sqlite d.sqlite
off=$(grep -obUa '支配的な見解' d.sqlite | head -1 | cut -d: -f1)
printf '\377\376\375' | dd of=d.sqlite bs=1 seek="$off" conv=notrunc 2>/dev/null
t_run "verify a memory whose text became binary garbage" 2 "$TAIYAKU" stats --db d.sqlite --verify
t_ok "names the unit, its place and what is wrong" test "$(cat "$tmp/err")" = \
    "taiyaku: d.sqlite: texts: unit 5 (document 'a.tmx', position 5): the Japanese text is not valid UTF-8 (byte 0)"
t_run "a lookup that finds the damaged unit" 0 "$TAIYAKU" lookup --db d.sqlite --json --min 40 支配的な見解
t_grep "finds it" '"unit":5' "$tmp/out"
t_ok "and still writes UTF-8 JSON" iconv -f UTF-8 -t UTF-8 "$tmp/out" -o /dev/null
t_run "a concordance that finds it" 0 "$TAIYAKU" concord --db d.sqlite --json な見解
t_grep "finds it" '"unit":5' "$tmp/out"
t_ok "and writes UTF-8 JSON too" iconv -f UTF-8 -t UTF-8 "$tmp/out" -o /dev/null
cp m.sqlite d.sqlite
off=$(grep -obUa 'GDP grew' d.sqlite | head -1 | cut -d: -f1)
printf 'XYZ' | dd of=d.sqlite bs=1 seek="$off" conv=notrunc 2>/dev/null
t_run "verify a memory whose text changed to other text" 2 "$TAIYAKU" stats --db d.sqlite --verify
t_grep "names the unit and what is wrong" "^taiyaku: d.sqlite: texts: unit 6 \(document 'a.tmx', position 6\): the normalized English text does not match the text$" "$tmp/err"
cp m.sqlite w.sqlite
t_tmx reports 60000 >long.tmx
"$TAIYAKU" import --db w.sqlite --progress long.tmx >long.out 2>long.err &
pid=$!
n=0
while ! grep -q 'units read' long.err 2>/dev/null && [ $n -lt 600 ]; do sleep 0.05; n=$((n + 1)); done
t_ok "an import is under way" grep -q 'units read' long.err
# verification reads in one transaction, which the writer does not block: the last state
# committed
t_run "verify while it runs" 0 timeout 25 "$TAIYAKU" stats --db w.sqlite --verify
t_grep "checks the last state committed" '^verified ok$' "$tmp/out"
t_ok "and the units it held before" test "$(grep '^units ' "$tmp/out")" = "$(grep '^units ' m.stats)"
t_ok "without waiting: the import is still under way" kill -0 $pid
kill -9 $pid
wait $pid 2>/dev/null || true
t_run "verify once it is gone" 0 "$TAIYAKU" stats --db w.sqlite --verify
t_grep "passes" '^verified ok$' "$tmp/out"

# ---- in a private mount namespace: a read-only mount, a full disk ----
if ! unshare -rm true 2>/dev/null; then
    t_skip "read-only storage" "unshare -rm is not allowed here (user namespaces)"
    t_skip "a full disk" "unshare -rm is not allowed here (user namespaces)"
    t_done
    exit
fi
mkdir store ro
cp m.sqlite store/
# in_ro CMD...: CMD with ./ro a read-only bind mount of ./store
in_ro() {
    unshare -rm sh -c 'mount --bind store ro && mount -o remount,ro,bind ro && exec "$@"' sh "$@"
}
t_run "lookup on a read-only mount" 0 in_ro "$TAIYAKU" lookup --db ro/m.sqlite --json 憲法
t_grep "answers" '"score":100' "$tmp/out"
t_run "concord on a read-only mount" 0 in_ro "$TAIYAKU" concord --db ro/m.sqlite 法
t_run "stats --verify on a read-only mount" 0 in_ro "$TAIYAKU" stats --db ro/m.sqlite --verify
t_grep "verifies what it can read" '^verified ok$' "$tmp/out"
t_run "check on a read-only mount" 1 in_ro "$TAIYAKU" check --db ro/m.sqlite --checks confidence --min-confidence 1
t_run "export on a read-only mount" 0 in_ro "$TAIYAKU" export --db ro/m.sqlite -o "$tmp/ro.tmx"
t_ok "writes every unit" test "$(grep -c '<tu ' ro.tmx)" -eq 7
t_run "phrase on a read-only mount" 0 in_ro "$TAIYAKU" phrase --db ro/m.sqlite --no-lexicon 予算
t_run "phrases on a read-only mount" 0 in_ro "$TAIYAKU" phrases --db ro/m.sqlite --no-lexicon
t_run "import on a read-only mount" 2 in_ro "$TAIYAKU" import --db ro/m.sqlite a.tmx
t_grep "says why it cannot" '^taiyaku: ro/m.sqlite: the translation memory is on a read-only file system$' "$tmp/err"
t_ok "nothing was made beside the memory" test "$(ls -A store)" = m.sqlite

# a full disk: a 1 MB file system; the TMX is read from outside it
# in_full SCRIPT: SCRIPT run by sh in ./disk, a fresh 1 MB tmpfs (gone afterwards)
mkdir disk
in_full() {
    unshare -rm sh -c 'mount -t tmpfs -o size=1m tmpfs disk && cd disk && sh -c "$1"' sh "$1"
}
in_full "\"$TAIYAKU\" import --db full.sqlite ../big.tmx >../full1.out 2>../full1.err; echo \$? >../full1.rc; ls -A >../full1.ls" || true
t_ok "a first import on a full disk fails" test "$(cat full1.rc)" = 2
t_grep "saying the disk is full" '^taiyaku: full.sqlite: .*disk is full' full1.err
t_ok "and leaves nothing on it" test ! -s full1.ls
in_full "\"$TAIYAKU\" import --db full.sqlite ../a.tmx >/dev/null 2>&1; \"$TAIYAKU\" import --db full.sqlite ../big.tmx >../full2.out 2>../full2.err; echo \$? >../full2.rc; ls -A >../full2.ls; \"$TAIYAKU\" stats --db full.sqlite --verify >../full2.stats 2>&1; echo \$? >>../full2.rc; df -k . | tail -1 >../full2.df" || true
t_ok "an import into a memory on a full disk fails" test "$(head -1 full2.rc)" = 2
t_grep "saying the disk is full" '^taiyaku: full.sqlite: .*disk is full' full2.err
t_ok "the memory stays readable and whole" test "$(tail -1 full2.rc)" = 0
t_grep "with what it held" '^units 6$' full2.stats
t_ok "and no write-ahead log keeps the disk full" test -z "$(grep -e '-wal$' full2.ls)"
t_done
