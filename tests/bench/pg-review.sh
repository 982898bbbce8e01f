#!/bin/sh
# pg-review.sh — the review edits a PostgreSQL memory makes beside the SQLite memory's: a
# 20,000-sentence synthetic pair (sized-pair.sh's) aligned with
# `align --segmented --no-lexicon --db` into a new SQLite memory and a new PostgreSQL memory on
# a throwaway server (tests/pg/server), then ROUNDS (default 10) rounds of accept, pin, unpin and
# undo on a 1:1 bead half-way through the document, and as many rounds of join (with the next
# 1:1 bead), split (back into two), undo, undo, one process an edit: taiyaku's CPU time
# (user + system) over all of them on each memory, the server's CPU time for PostgreSQL, the
# same number of reads of the edit log (`review DOC history`: opening the memory and a small read) for
# comparison, and whether the beads shown after them are the same.
# Prints figures, asserts nothing.
#   make bench   (or, in a build directory: top_srcdir=.. top_builddir=.
#   TAIYAKU=src/taiyaku sh ../tests/bench/pg-review.sh)
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}" "${TAIYAKU:?}"
corpus="$top_srcdir/../shared/corpus"
rounds=${ROUNDS:-10}
. "$top_srcdir/tests/bench/sized-pair.sh"
sized_start pg-review
name=pg-review
. "$top_srcdir/tests/bench/pg-server.sh"
pg_need
pg_start
db=$tmp/m.sqlite
pgdb=$(pg_db rv)
sized_pair 20000
echo "pg-review: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
for m in "$db" "$pgdb"; do
    "$TAIYAKU" align --segmented --no-lexicon --db "$m" "$tmp/n.ja" "$tmp/n.en" >/dev/null
done
"$TAIYAKU" review --db "$db" 1 >"$tmp/beads"
beads=$(sed -n '1s/.*: \([0-9]*\) beads.*/\1/p' "$tmp/beads")
bead=$(awk -F'\t' -v h=$((beads / 2)) 'NR > 1 && $1 >= h && $2 ~ /^\[[0-9]+\]:\[[0-9]+\]$/ { print $1; exit }' "$tmp/beads")
echo "pg-review: document 1, $beads beads, edits on bead $bead"

bead2=$(awk -F'\t' -v h=$((beads / 2 + 50)) 'NR > 1 && $1 >= h && $2 ~ /^\[[0-9]+\]:\[[0-9]+\]$/ {
    if (p == $1 - 1) { print p; exit } p = $1 }' "$tmp/beads")
echo "pg-review: joins and splits on bead $bead2 (it and the next one 1:1)"

# edits EDIT...: ROUNDS rounds of the edits on memory $1, one process an edit
edits() {
    echo 'r=0'
    echo "while [ \$r -lt $rounds ]; do"
    for e in "$@"; do
        echo "    \"$TAIYAKU\" review --db \"\$1\" --user bench 1 $e >/dev/null || exit 1"
    done
    echo '    r=$((r + 1))'
    echo 'done'
}
edits "accept $bead" "pin $bead" "unpin $bead" undo >"$tmp/edits.sh"
edits "join $bead2 next" "split $bead2 1 1" undo undo >"$tmp/pairs.sh"
n=$((rounds * 4))
on_pg() { # WHAT SCRIPT: timed on the PostgreSQL memory, with the server's CPU
    c0=$(pg_cpu)
    timed sh "$2" "$pgdb" | tr -d '\n'
    sleep 1 # the last command's server process ends after it: its CPU counts once reaped
    awk -v a="$c0" -v b="$(pg_cpu)" -v hz="$(getconf CLK_TCK)" -v n="$n" -v w="$1" \
        'BEGIN { printf ", server CPU %.2f s (%.1f ms a%s)\n", (b - a) / hz, (b - a) / hz / n * 1000, w }'
}
printf '%d edits, SQLite:     ' "$n"
timed sh "$tmp/edits.sh" "$db"
printf '%d edits, PostgreSQL: ' "$n"
on_pg "n edit" "$tmp/edits.sh"
printf '%d joins, splits and undos, SQLite:     ' "$n"
timed sh "$tmp/pairs.sh" "$db"
printf '%d joins, splits and undos, PostgreSQL: ' "$n"
on_pg "n edit" "$tmp/pairs.sh"
edits history history history history | sed 's/--user bench 1 history/1 history/' >"$tmp/reads.sh"
printf '%d reads, SQLite:      ' "$n"
timed sh "$tmp/reads.sh" "$db"
printf '%d reads, PostgreSQL:  ' "$n"
on_pg " read" "$tmp/reads.sh"
"$TAIYAKU" review --db "$db" 1 >"$tmp/want"
"$TAIYAKU" review --db "$pgdb" 1 >"$tmp/got"
if cmp -s "$tmp/got" "$tmp/want"; then same="the same beads"; else same="BEADS DIFFER"; fi
echo "pg-review: load $(cut -d' ' -f1-3 /proc/loadavg) at the end; $same on both"
