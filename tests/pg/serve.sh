#!/bin/sh
# serve.sh — `taiyaku serve --db postgresql://…`: the review's read API answers as the SQLite
# memory's server does, byte for byte (the documents list, a document's sentences and beads,
# its history, a document without structure, one that does not exist); an edit that changes a
# bead's marks (accept) and one that changes the pairs (join) made through the API give the
# same document on both, the joined bead in it; the memory verifies after them. The memory:
# the bundled example aligned into both, and a TMX of two units.
. "$top_srcdir/tests/setup"
. "$top_srcdir/tests/pg/server"
. "$top_srcdir/tests/serve/lib.sh"

ex="$top_srcdir/examples/press-conference"
SOURCE_DATE_EPOCH=1714554000 # 2024-05-01T09:00:00Z
export SOURCE_DATE_EPOCH
cd "$tmp"

get() { # NAME WANT PATH: GET on the last server started, the body in $tmp/body
    g_code=$(curl -s -o "$tmp/body" -w '%{http_code}' "$url$3" || echo 000)
    if [ "$g_code" = "$2" ]; then t_point 1 "$1"; else
        t_point 0 "$1"
        echo "#   HTTP $g_code, wanted $2:"
        head -c 400 "$tmp/body" | sed 's/^/#   /'
        echo
    fi
}

# An edit (the JSON EDIT) of document 1 through the API on the last server started, then the
# document's answer into DIR/NAME_review_1.
edited() { # DIR NAME EDIT
    get "GET api/session ($1)" 200 api/session
    session=$(python3 -c "import json; print(json.load(open('$tmp/body'))['session'])")
    e_code=$(curl -s -o "$tmp/body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        -H "X-Taiyaku-Session: $session" --data-binary "$3" "${url}api/review/1/edit")
    t_ok "$2 through the API ($1): 200" test "$e_code" = 200
    get "  the document after it ($1)" 200 api/review/1
    sed -e "s|$pgname|MEMORY|g" -e 's|m\.sqlite|MEMORY|g' "$tmp/body" >"$1/$2_review_1"
}
accept='{"op":"accept","bead":6}'
join='{"op":"join","bead":5,"direction":1}'

# The read API's answers of a server on memory DB into directory DIR.
answers() {
    serve_start "$2" "$1" --user tester || return 1
    mkdir -p "$2"
    for p in api/documents api/review/1 api/review/1/history api/review/2 api/review/9; do
        get "GET $p ($2)" "$(case $p in api/review/2 | api/review/9) echo 404 ;; *) echo 200 ;; esac)" "$p"
        sed -e "s|$pgname|MEMORY|g" -e 's|m\.sqlite|MEMORY|g' "$tmp/body" \
            >"$2/$(echo "$p" | tr / _)"
    done
}

if t_need curl curl curl --version && t_need python3 python3 python3 --version && pg_need &&
    pg_start; then
    # pg_start's trap replaced serve_start's: this one stops both servers
    trap 'for p in $serve_pids; do kill -TERM "$p" 2>/dev/null || true; done
        pg_stop immediate; rm -rf "$tmp"' EXIT
    pgdb=$(pg_db sv)
    pgname="postgresql://taiyaku@$TY_PG_HOST/sv"
    for db in m.sqlite "$pgdb"; do
        t_run "the example aligned into $db" 0 "$TAIYAKU" align --no-lexicon --db "$db" \
            "$ex.ja.txt" "$ex.en.txt"
        t_run "a TMX imported into $db" 0 "$TAIYAKU" import --db "$db" \
            "$top_srcdir/tests/cli/data/tm/a.tmx"
    done
    answers m.sqlite sqlite && edited sqlite edit "$accept" && edited sqlite join "$join" &&
        serve_stop
    answers "$pgdb" pg
    for f in sqlite/*; do
        case $f in */edit_* | */join_*) continue ;; esac
        t_same "the same answer: $(basename "$f")" "pg/$(basename "$f")" "$f"
    done
    t_ok "the beads are there" python3 -c "import json; j = json.load(open('pg/api_review_1'));
assert len(j['beads']) == 37 and j['version'] == 0"
    edited pg edit "$accept"
    t_same "  the same beads after it" pg/edit_review_1 sqlite/edit_review_1
    t_ok "  bead 6 reviewed, version 1" python3 -c "import json
j = json.load(open('pg/edit_review_1'))
assert j['version'] == 1 and j['beads'][6]['status'] == 'reviewed', j['beads'][6]"
    t_ok "  one edit recorded" test "$("$TY_PG_BIN/psql" -X -At -d "$pgdb" -c \
        'SELECT count(*) FROM edits')" -eq 1
    edited pg join "$join"
    t_same "  the same beads after it" pg/join_review_1 sqlite/join_review_1
    t_ok "  one bead fewer, the joined one reviewed, version 2" python3 -c "import json
j = json.load(open('pg/join_review_1'))
b = j['beads'][5]
assert j['version'] == 2 and len(j['beads']) == 36 and b['status'] == 'reviewed', b"
    serve_stop
    t_run "the memory verifies after them" 0 "$TAIYAKU" stats --verify --db "$pgdb"
    t_ok "the server stopped cleanly" test "$serve_status" -eq 0
fi
t_done
