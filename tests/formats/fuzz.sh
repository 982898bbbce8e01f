#!/bin/sh
# fuzz.sh — replays the seeds of the four format fuzz targets (tests/fuzz/fuzz_formats.c built
# for HTML, .docx, PDF and law XML; seeds in tests/fuzz/seeds/FORMAT), one TAP point per seed.
# A seed that breaks an invariant aborts its run.
set -eu
: "${top_srcdir:?run through make check}" "${top_builddir:?}"
for f in html docx pdf lawxml; do
    "$top_builddir/tests/fuzz/fuzz_$f" "$top_srcdir"/tests/fuzz/seeds/$f/* >"$top_builddir/tests/formats/fuzz-$f.tap" || exit 1
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
