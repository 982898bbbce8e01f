#!/bin/sh
# segment-f1.sh — sentence-boundary precision/recall/F1 of `taiyaku segment` against the
# gold .seg files of ../shared/corpus (every pair, both languages), scored by seg-f1.
# Run by `make bench`; prints one line per language. SEG_F1_ERRORS=1 lists every error.
set -eu
: "${top_srcdir:?run through make bench}" "${TAIYAKU:?}"
corpus=${TY_CORPUS:-$top_srcdir/../shared/corpus}
if [ ! -d "$corpus" ]; then
    echo "segment-f1: SKIP: no corpus at $corpus"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-f1.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for lang in en ja; do
    set --
    for txt in "$corpus"/*."$lang".txt; do
        base=$(basename "$txt" ".$lang.txt")
        "$TAIYAKU" segment --lang "$lang" "$txt" >"$tmp/$base.$lang.sys"
        set -- "$@" "$txt" "$corpus/$base.$lang.seg" "$tmp/$base.$lang.sys"
    done
    if [ "${SEG_F1_ERRORS:-0}" = 1 ]; then
        python3 "$top_srcdir/tests/bench/seg-f1" --errors --lang "$lang" "$@"
    else
        python3 "$top_srcdir/tests/bench/seg-f1" --lang "$lang" "$@"
    fi
done
