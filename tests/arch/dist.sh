#!/bin/sh
# dist.sh — every source file under src/ is named in a Makefile fragment, so the tarball that
# `make dist` writes holds it (a header no fragment lists builds in the checkout and breaks
# the build from the tarball). One test point per file.
. "$top_srcdir/tests/setup"

cd "$top_srcdir"
cat Makefile.am src/*.am src/*/*.am 2>/dev/null | tr ' \t\\' '\n\n\n' | grep '^src/' |
    sort -u >"$tmp/listed"
n=0
for f in src/*.c src/*.h src/*/*.c src/*/*.h src/*/*.txt; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    if grep -qxF "$f" "$tmp/listed"; then t_point 1 "$f is listed"; else
        t_point 0 "$f is listed"
        echo "#   no src/ Makefile fragment names $f: the distribution tarball would lack it"
    fi
done
t_ok "source files found under src/" test "$n" -gt 0
t_done
