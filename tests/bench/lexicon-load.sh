#!/bin/sh
# lexicon-load.sh — prints how long loading the EDICT + ENAMDICT lexicon takes: cold (parse
# the EUC-JP files, build the index, write the cache), warm (map the cache file), and after
# the cache was corrupted on purpose (rebuilt). Uses a fresh cache directory. The machine is
# shared: figures are wall-clock times and noisy.
set -eu
: "${top_srcdir:?run through make bench}" "${top_builddir:?}"
bench="$top_builddir/tests/bench/anchor-bench"
[ -x "$bench" ] || make -C "$top_builddir" tests/bench/anchor-bench >/dev/null
cache=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-lexicon-bench.XXXXXX")
trap 'rm -rf "$cache"' EXIT
ls -l /usr/share/edict/edict /usr/share/edict/enamdict 2>/dev/null | awk '{ print "source:", $NF, $5, "bytes" }' || true
"$bench" load "$cache"
ls -l "$cache" | awk '/lexicon-/ { print "cache file:", $5, "bytes" }'
