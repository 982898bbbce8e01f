#!/bin/sh
# serve.sh — `taiyaku serve --db postgresql://…`: the review's read API answers as the SQLite
# memory's server does, byte for byte (the documents list, a document's sentences and beads,
# its history, a document without structure, one that does not exist), and an edit, not yet
# available on PostgreSQL, is refused with a 400 that says so and changes nothing. The memory:
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
    answers m.sqlite sqlite && serve_stop
    answers "$pgdb" pg
    for f in sqlite/*; do
        t_same "the same answer: $(basename "$f")" "pg/$(basename "$f")" "$f"
    done
    t_ok "the beads are there" python3 -c "import json; j = json.load(open('pg/api_review_1'));
assert len(j['beads']) == 37 and j['version'] == 0"
    get "GET api/session" 200 api/session
    session=$(python3 -c "import json; print(json.load(open('$tmp/body'))['session'])")
    e_code=$(curl -s -o "$tmp/body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        -H "X-Taiyaku-Session: $session" --data-binary '{"op":"accept","bead":0}' \
        "${url}api/review/1/edit")
    t_ok "an edit on PostgreSQL: 400" test "$e_code" = 400
    t_grep "  saying it is not available yet" 'reviewing a document is not available yet for a memory in PostgreSQL' "$tmp/body"
    get "  the document unchanged" 200 api/review/1
    t_same "  the same beads" "$tmp/body" pg/api_review_1
    t_ok "  no edit recorded" test "$("$TY_PG_BIN/psql" -X -At -d "$pgdb" -c \
        'SELECT count(*) FROM edits')" -eq 0
    serve_stop
    t_ok "the server stopped cleanly" test "$serve_status" -eq 0
fi
t_done
