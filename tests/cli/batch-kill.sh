#!/bin/sh
# batch-kill.sh — taiyaku batch killed with SIGKILL at five random moments of a run over the
# corpus's pairs: after each kill the memory passes `stats --verify` (units left pending
# included), and the run finished afterwards gives the memory an uninterrupted run gives (the
# same counts and units, and what concordance finds in them). The delays are drawn within the
# time a run takes however fast the machine: the uninterrupted run's time T, scaled to the
# pairs not yet stored as T (1 + 2 left/all) / 3 (a run resumed with no pair left still reads
# every pair and indexes the units the killed runs left pending); they are printed, with
# whether each kill hit a running batch. Without the corpus (a clean clone) the pairs are those
# of examples/ forty times over, each copy under its own name and with its own first line (a
# report number), so that the run takes about as long as over the corpus's larger pairs (the
# units but the first lines are stored once, the other copies adding occurrences).
. "$top_srcdir/tests/setup"

cd "$tmp"
if ls "$corpus"/*.ja.txt >/dev/null 2>&1; then
    for j in "$corpus"/*.ja.txt; do
        printf '%s\t%s\n' "$j" "${j%.ja.txt}.en.txt"
    done >list.tsv
else
    echo "# no corpus at $corpus: the pairs of examples/, forty times over"
    mkdir x
    k=0
    while [ $k -lt 40 ]; do
        k=$((k + 1))
        for j in "$top_srcdir"/examples/statements/*.ja.txt "$top_srcdir"/examples/*.ja.txt; do
            n=${j##*/}
            n=x/${n%.ja.txt}-$k
            { printf '（第%s報）\n\n' $k && cat "$j"; } >"$n.ja.txt"
            { printf '(Report No. %s)\n\n' $k && cat "${j%.ja.txt}.en.txt"; } >"$n.en.txt"
            printf '%s\t%s\n' "$n.ja.txt" "$n.en.txt"
        done
    done >list.tsv
fi

units() { # MEMORY -> its counts and its units' segments, sorted
    "$TAIYAKU" stats --db "$1" | grep -E '^(documents|units|occurrences) '
    "$TAIYAKU" export --db "$1" -o - 2>/dev/null | grep -o '<seg>.*</seg>' | sort
}

t0=$(date +%s.%N)
t_run "uninterrupted run" 0 "$TAIYAKU" batch --db ref.db -q --jobs 2 --pairs list.tsv
run=$(awk -v t0="$t0" -v t1="$(date +%s.%N)" 'BEGIN { printf "%.2f", t1 - t0 }')
units ref.db >want

seed=${TY_KILL_SEED:-$$}
run=${TY_KILL_RUN:-$run}
pairs=$(wc -l <list.tsv)
echo "# delays from seed $seed within ${run}s, the uninterrupted run's time, scaled to the pairs"
echo "# left (TY_KILL_SEED=$seed TY_KILL_RUN=$run draw them again)"
for k in 1 2 3 4 5; do
    stored=0 # the pairs the killed runs stored (a memory that stats cannot read fails below)
    if [ -e m.db ]; then
        stored=$("$TAIYAKU" stats --db m.db | awk '/^documents / { print $2 }') || stored=0
    fi
    delay=$(awk -v s="$seed" -v k="$k" -v r="$run" -v left="$((pairs - ${stored:-0}))" -v n=$pairs \
        'BEGIN { srand(s * 10 + k); printf "%.3f", 0.01 + r * (1 + 2 * left / n) / 3 * rand() }')
    "$TAIYAKU" batch --db m.db -q --jobs 2 --pairs list.tsv >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    if kill -9 "$pid" 2>/dev/null; then echo "# killed after ${delay}s"; else
        echo "# after ${delay}s the run had ended"
    fi
    wait "$pid" 2>/dev/null || true
    if [ -e m.db ]; then
        # a kill after a group's commit and before the run's fold leaves units pending (their
        # indexing deferred), which the verification takes into account
        if command -v sqlite3 >/dev/null 2>&1; then
            echo "# pending from unit $(sqlite3 m.db 'SELECT pending FROM postings_state')"
        fi
        t_run "killed after ${delay}s: stats --verify" 0 "$TAIYAKU" stats --db m.db --verify
        t_grep "killed after ${delay}s: verified ok" '^verified ok' out
    else # killed before the first pair was committed (a loaded machine): no memory, none half-made
        t_run "killed after ${delay}s, before the first commit: no memory" 2 "$TAIYAKU" stats \
            --db m.db
        t_grep "killed after ${delay}s: nothing half-made" 'no such translation memory' err
    fi
done
t_run "the run finished" 0 "$TAIYAKU" batch --db m.db -q --jobs 2 --pairs list.tsv
units m.db >got
t_same "the resumed memory equals the uninterrupted one" got want
t_run "the resumed memory verifies" 0 "$TAIYAKU" stats --db m.db --verify
# the resumed run indexed what the killed ones left pending: lookups find what they find in
# the uninterrupted run's memory
for q in の the 年; do
    "$TAIYAKU" concord --db m.db -n 0 --color never "$q" | sort >got
    "$TAIYAKU" concord --db ref.db -n 0 --color never "$q" | sort >want
    t_ok "concordance of '$q' finds units" test -s got
    t_same "concordance of '$q' finds what it finds in the uninterrupted run's memory" got want
done
t_done
