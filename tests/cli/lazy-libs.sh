#!/bin/sh
# lazy-libs.sh — the optional libraries are loaded when first needed, not at start-up
# (src/base/dynlib.h): the program does not link libzip, poppler-glib, libpq, libmicrohttpd or
# libxlsxwriter; a lookup and an alignment load none of them (the dynamic loader's own trace,
# LD_DEBUG=files, says which objects it opens); reading a .docx loads libzip, a PDF
# poppler-glib, writing a review sheet libxlsxwriter. A lookup given on the command line opens
# the memory briefly (no memory map, a small cache: TY_TM_BRIEF) and answers as one that reads
# its queries from standard input through a long-lived handle.
. "$top_srcdir/tests/setup"
data="$top_srcdir/tests/formats/data"
cli="$top_srcdir/tests/cli/data"

if t_need readelf binutils readelf --version; then
    readelf -d "$TAIYAKU" >"$tmp/dynamic"
    t_grep "the program is dynamically linked (readelf shows what it needs)" 'NEEDED.*libsqlite3' "$tmp/dynamic"
    for lib in libzip libpoppler libpq libmicrohttpd libxlsxwriter; do
        t_ok "the program does not link $lib" sh -c "! grep -q 'NEEDED.*\\[$lib' '$tmp/dynamic'"
    done
fi

# opened: the objects the loader opened for a command, one soname a line
opened() {
    LD_DEBUG=files "$@" 2>"$tmp/trace" >/dev/null || true
    sed -n 's/^ *[0-9]*:[[:space:]]*file=\([^ ]*\).*/\1/p' "$tmp/trace" | sort -u >"$tmp/opened"
}
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
    '<tmx version="1.4"><header srclang="ja" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/><body>' \
    '<tu><tuv xml:lang="ja"><seg>会議を開きます。</seg></tuv><tuv xml:lang="en"><seg>The meeting is open.</seg></tuv></tu>' \
    '</body></tmx>' >"$tmp/one.tmx"
t_run "a memory to look things up in" 0 "$TAIYAKU" import --db "$tmp/m.sqlite" "$tmp/one.tmx"

opened "$TAIYAKU" lookup --db "$tmp/m.sqlite" 会議を開きます。
t_grep "the trace shows what the loader opened (libsqlite3)" '^libsqlite3' "$tmp/opened"
for lib in libzip libpoppler libpq libmicrohttpd libxlsxwriter; do
    t_ok "a lookup does not load $lib" sh -c "! grep -q '^$lib' '$tmp/opened'"
done
opened "$TAIYAKU" align --no-lexicon "$data/tiny.ja.txt" "$data/tiny.en.txt"
t_ok "an alignment of plain text loads no optional library" \
    sh -c "! grep -Eq '^(libzip|libpoppler|libpq|libmicrohttpd|libxlsxwriter)' '$tmp/opened'"
# each format that needs an optional library: its file, the library, the others
for case in "pdf libpoppler-glib libzip|libpq|libmicrohttpd|libxlsxwriter" \
    "docx libzip libpoppler|libpq|libmicrohttpd|libxlsxwriter"; do
    set -- $case
    opened "$TAIYAKU" segment --lang en "$data/tiny.en.$1"
    t_grep "reading a .$1 loads $2" "^$2" "$tmp/opened"
    t_ok "reading a .$1 loads nothing else optional" sh -c "! grep -Eq '^($3)' '$tmp/opened'"
    t_run "a .$1 is still read" 0 "$TAIYAKU" segment --lang en "$data/tiny.en.$1"
    t_grep "its text comes out" '[A-Za-z]' "$tmp/out"
done

t_tmx articles 300 >"$tmp/articles.tmx"
t_run "a memory of 300 units" 0 "$TAIYAKU" import --db "$tmp/a.sqlite" "$tmp/articles.tmx"
for q in "第12条 会議は12回目の議題を審議した" "第7条 会議は8回目の議題を審議した。" "第250条 会議は議題を審議した。"; do
    t_run "lookup '$q' on the command line" 0 "$TAIYAKU" lookup --db "$tmp/a.sqlite" --json -m 50 "$q"
    mv "$tmp/out" "$tmp/brief"
    printf '%s\n' "$q" >"$tmp/q"
    t_run "lookup '$q' from standard input" 0 sh -c '"$1" lookup --db "$2" --json -m 50 <"$3"' sh \
        "$TAIYAKU" "$tmp/a.sqlite" "$tmp/q"
    t_grep "'$q' has fuzzy matches" '"score":[0-9]' "$tmp/out"
    t_same "'$q': the same matches both ways" "$tmp/brief" "$tmp/out"
done
t_done
