#!/bin/sh
# align-quality.sh — alignment quality of `taiyaku align` on ../shared/corpus, scored by
# ../shared/tools/align-score: strict F1 from the gold segmentation (all pairs, the
# mofa-style press conferences alone, the -hard and mofa-style pairs together) and lax F1 end
# to end from raw text, each with the installed dictionaries (EDICT/ENAMDICT, when present)
# and with --no-lexicon. Run by `make bench`; prints align-score's summary line for each run.
# ALIGN_QUALITY_PAIRS=1 shows every pair.
set -eu
: "${top_srcdir:?run through make bench}" "${TAIYAKU:?}"
corpus=${TY_CORPUS:-$top_srcdir/../shared/corpus}
score=${TY_ALIGN_SCORE:-$top_srcdir/../shared/tools/align-score}
if [ ! -d "$corpus" ] || [ ! -x "$score" ]; then
    echo "align-quality: SKIP: no corpus at $corpus or no scorer at $score"
    exit 0
fi
corpus=$(cd "$corpus" && pwd) # the subsets below link to it
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-aq.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/hard" "$tmp/mofa"
for f in "$corpus"/*-hard.* "$corpus"/mofa-style-*; do
    [ -e "$f" ] && ln -s "$f" "$tmp/hard/"
done
for f in "$corpus"/mofa-style-*; do
    [ -e "$f" ] && ln -s "$f" "$tmp/mofa/"
done
quiet=--quiet
[ "${ALIGN_QUALITY_PAIRS:-0}" = 1 ] && quiet=
[ -r /usr/share/edict/edict ] || echo "align-quality: note: no /usr/share/edict/edict, both runs are without a dictionary"
for lex in "" --no-lexicon; do
    label=${lex:-"with lexicon"}
    for set in all:"$corpus" mofa:"$tmp/mofa" hard+mofa:"$tmp/hard"; do
        printf '%-14s seg  %-10s ' "$label" "${set%%:*}"
        "$score" corpus "${set#*:}" --input seg $quiet \
            --cmd "'$TAIYAKU' align --segmented $lex --format beads {ja} {en}" | tail -1
    done
    printf '%-14s txt  %-10s ' "$label" all
    "$score" corpus "$corpus" --input txt $quiet --cmd "'$TAIYAKU' align $lex --format tsv {ja} {en}" | tail -1
done
