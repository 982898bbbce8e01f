#!/bin/sh
# fuzz.sh — replays the seeds of the four format fuzz targets (tests/fuzz/fuzz_formats.c built
# for HTML, .docx, PDF and law XML), one TAP point per seed: the fixtures of tests/formats/data
# with the format's extension (the broken ones included) and the extra seeds in
# tests/fuzz/seeds/FORMAT. A seed that breaks an invariant aborts its run.
set -eu
: "${top_srcdir:?run through make check}" "${top_builddir:?}"
for f in html docx pdf lawxml; do
    ext=$f
    [ "$f" = lawxml ] && ext=xml
    set --
    for s in "$top_srcdir"/tests/formats/data/*."$ext" "$top_srcdir"/tests/fuzz/seeds/$f/*; do
        [ -f "$s" ] && set -- "$@" "$s"
    done
    "$top_builddir/tests/fuzz/fuzz_$f" "$@" >"$top_builddir/tests/formats/fuzz-$f.tap" || exit 1
done
n=0
for f in html docx pdf lawxml; do
    while IFS= read -r line; do
        case $line in
        ok\ *) n=$((n + 1)); echo "ok $n - $f:${line#ok [0-9]*}" ;;
        not\ ok\ *) n=$((n + 1)); echo "not ok $n - $f:${line#not ok [0-9]*}" ;;
        esac
    done <"$top_builddir/tests/formats/fuzz-$f.tap"
done
echo "1..$n"
