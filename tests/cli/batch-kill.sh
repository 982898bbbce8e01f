#!/bin/sh
# batch-kill.sh — taiyaku batch killed with SIGKILL at five random moments of a run over the
# corpus's pairs: after each kill the memory passes `stats --verify` (units left pending
# included), and the run finished afterwards gives the memory an uninterrupted run gives (the
# same counts and units, and what concordance finds in them). The delays are printed, so that
# a failure can be replayed. SKIPs when the corpus is absent.
. "$top_srcdir/tests/setup"

if ! ls "$corpus"/*.ja.txt >/dev/null 2>&1; then
    t_skip "batch killed and resumed" "the corpus is absent ($corpus)"
    t_done
    exit 0
fi
for j in "$corpus"/*.ja.txt; do
    printf '%s\t%s\n' "$j" "${j%.ja.txt}.en.txt"
done >"$tmp/list.tsv"
cd "$tmp"

units() { # MEMORY -> its counts and its units' segments, sorted
    "$TAIYAKU" stats --db "$1" | grep -E '^(documents|units|occurrences) '
    "$TAIYAKU" export --db "$1" -o - 2>/dev/null | grep -o '<seg>.*</seg>' | sort
}

t_run "uninterrupted run" 0 "$TAIYAKU" batch --db ref.db -q --jobs 2 --pairs list.tsv
units ref.db >want

seed=${TY_KILL_SEED:-$$}
echo "# delays from seed $seed (TY_KILL_SEED=$seed replays them)"
for k in 1 2 3 4 5; do
    delay=$(awk -v s="$seed" -v k="$k" 'BEGIN { srand(s * 10 + k); printf "%.2f", 0.2 + 2.5 * rand() }')
    "$TAIYAKU" batch --db m.db -q --jobs 2 --pairs list.tsv >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null || true
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
