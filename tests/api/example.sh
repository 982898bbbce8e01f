#!/bin/sh
# example.sh — the usage example at the top of src/taiyaku.h (tests/api/example.c, extracted
# from the header at build time and linked with the shared libtaiyaku) aligns the bundled
# example and writes the TMX that `make tmx` writes (tmx/press-conference.tmx: the same
# default options, no dictionary, the same creation date); its errors are one line.
. "$top_srcdir/tests/setup"

ex="$top_srcdir/examples/press-conference"
example="$top_builddir/tests/api/example"

t_ok "the example is extracted from the header" grep -q 'ty_tmx_write_alignment' "$example.c"
t_run "the example aligns $ex.{ja,en}.txt to TMX" 0 \
    env SOURCE_DATE_EPOCH=1760659200 "$example" "$ex.ja.txt" "$ex.en.txt" "$tmp/example.tmx"
t_ok "  quietly" test ! -s "$tmp/err"
t_same "  and writes tmx/press-conference.tmx byte for byte" "$tmp/example.tmx" \
    "$top_srcdir/tmx/press-conference.tmx"
t_run "  a TMX taiyaku reads" 0 "$TAIYAKU" tmx stats "$tmp/example.tmx"
t_grep "  with 33 units" '^units +33$' "$tmp/out"
t_run "a missing input fails" 1 "$example" "$tmp/none.txt" "$ex.en.txt" "$tmp/none.tmx"
t_ok "  with one line" test "$(wc -l <"$tmp/err")" -eq 1
t_grep "  naming the file" 'none\.txt' "$tmp/err"
t_ok "  and writes no TMX" test ! -e "$tmp/none.tmx"
t_run "a wrong number of arguments is a usage error" 64 "$example" "$ex.ja.txt"
t_done
