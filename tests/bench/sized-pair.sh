# sized-pair.sh — sourced by the align benchmarks. Pairs of any size from the corpus's gold
# .seg files, concatenated in the same order on both sides so that a pair stays parallel.
#   sized_start NAME      SKIPs (exit 0), saying so under NAME, without the corpus ($corpus)
#                         or /usr/bin/time; else makes $tmp (removed on exit) and one round
#                         of every pair: $tmp/round.ja, $tmp/round.en
#   sized_pair N          N lines a side (both cut inside the same document, a few sentences
#                         apart), as many rounds as N needs: $tmp/n.ja, $tmp/n.en
sized_start() {
    if [ ! -d "$corpus" ] || [ ! -x /usr/bin/time ]; then
        echo "$1: SKIP: no corpus at $corpus or no /usr/bin/time"
        exit 0
    fi
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/taiyaku-$1.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    sized_round "$corpus"
}
sized_round() {
    : >"$tmp/round.ja"
    : >"$tmp/round.en"
    for sp_ja in "$1"/*.ja.seg; do
        cat "$sp_ja" >>"$tmp/round.ja"
        cat "${sp_ja%.ja.seg}.en.seg" >>"$tmp/round.en"
    done
    sp_round=$(wc -l <"$tmp/round.ja")
}
sized_pair() {
    sp_k=$(( ($1 + sp_round - 1) / sp_round ))
    : >"$tmp/big.ja"
    : >"$tmp/big.en"
    while [ "$sp_k" -gt 0 ]; do
        cat "$tmp/round.ja" >>"$tmp/big.ja"
        cat "$tmp/round.en" >>"$tmp/big.en"
        sp_k=$((sp_k - 1))
    done
    head -n "$1" "$tmp/big.ja" >"$tmp/n.ja"
    head -n "$1" "$tmp/big.en" >"$tmp/n.en"
}
