#!/bin/sh
# tm-readonly.sh — what reading a memory on storage that cannot be written costs (issue 18,
# item 2), against the two ways of making it readable there: taiyaku opens it read-only as
# immutable (no -shm needed; what it does), or every write would leave the file in rollback
# mode (journal_mode=DELETE) so that a read-only open needs no -shm either. On a memory of
# TY_RO_UNITS numbered units (default 50,000) it prints the time of one import, of turning the
# file to rollback mode after it (what each write would pay), and of 20 lookups: on writable
# storage (WAL, the bound), on a read-only bind mount (immutable), and on a read-only bind
# mount of the file in rollback mode. Needs unshare (util-linux) and sqlite3 (sqlite3).
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
command -v sqlite3 >/dev/null || { echo "tm-readonly: SKIP: needs sqlite3 (apt-get install sqlite3)"; exit 0; }
unshare -rm true 2>/dev/null || { echo "tm-readonly: SKIP: no private mount namespace (unshare -rm)"; exit 0; }
n=${TY_RO_UNITS:-50000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-ro.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
mkdir wal rollback ro
awk -v n="$n" 'BEGIN {
    print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"ja\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" o-tmf=\"x\" creationtool=\"awk\" creationtoolversion=\"1\"/><body>"
    for (i = 1; i <= n; i++)
        printf "<tu><tuv xml:lang=\"ja\"><seg>第%d条 会議は%d回目の議題を審議した。</seg></tuv><tuv xml:lang=\"en\"><seg>Article %d: the meeting discussed item %d.</seg></tuv></tu>\n", i, i % 97, i, i % 97
    print "</body></tmx>"
}' >m.tmx
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
t0=$(now)
"$TAIYAKU" import --db wal/m.sqlite m.tmx >/dev/null
t1=$(now)
cp wal/m.sqlite rollback/m.sqlite
t2=$(now)
sqlite3 rollback/m.sqlite 'PRAGMA journal_mode=DELETE;' >/dev/null
t3=$(now)
echo "tm-readonly: $n units: import $(secs "$t0" "$t1") s; leaving it in rollback mode after the write $(secs "$t2" "$t3") s more"
# 20 lookups of DB
cat >lookups.sh <<'LOOKUPS'
i=1
while [ $i -le 20 ]; do
    "$TAIYAKU" lookup --db "$1" "第$((i * 997))条 会議は$((i % 97))回目の議題を審議した。" >/dev/null
    i=$((i + 1))
done
LOOKUPS
in_ro() { # DIR CMD...: CMD with ./ro a read-only bind mount of DIR
    d=$1
    shift
    unshare -rm sh -c 'mount --bind "$0" ro && mount -o remount,ro,bind ro && exec "$@"' "$d" "$@"
}
export TAIYAKU
t0=$(now); sh lookups.sh wal/m.sqlite; t1=$(now)
base=$(secs "$t0" "$t1")
t0=$(now); in_ro wal sh lookups.sh ro/m.sqlite; t1=$(now)
imm=$(secs "$t0" "$t1")
t0=$(now); in_ro rollback sh lookups.sh ro/m.sqlite; t1=$(now)
rb=$(secs "$t0" "$t1")
awk -v b="$base" -v i="$imm" -v r="$rb" 'BEGIN {
    printf "tm-readonly: 20 lookups: writable (WAL) %.3f s; read-only mount, immutable %.3f s (%.2fx); read-only mount, rollback mode %.3f s (%.2fx)\n", b, i, i / b, r, r / b
}'
