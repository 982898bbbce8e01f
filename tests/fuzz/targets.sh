#!/bin/sh
# targets.sh — the fuzzing set-up that make fuzz relies on, without fuzzing: every target that
# tests/fuzz/run-libfuzzer.sh --list finds in tests/fuzz/fuzz_*.c has seeds (its folder
# tests/fuzz/seeds/NAME and the fixtures its declaration names: --seeds, what a real run
# starts from) and is replayed in make check (a
# program tests/fuzz/fuzz_NAME built here); and a libFuzzer run that executed nothing, or
# found something, fails while a clean one passes (--check-log over libFuzzer logs).
. "$top_srcdir/tests/setup"
run="$top_srcdir/tests/fuzz/run-libfuzzer.sh"

t_run "--list names the targets" 0 sh "$run" --list
cp "$tmp/out" "$tmp/targets"
t_grep "  the TMX reader is one" '^tmx_read$' "$tmp/targets"
t_grep "  TMX import into a memory is one" '^tm_import$' "$tmp/targets"
t_grep "  each document format is one" '^pdf$' "$tmp/targets"
while read -r name; do
    n=$(sh "$run" --seeds "$name" | wc -l)
    t_ok "$name: seeds ($n)" test "$n" -gt 0
    t_ok "$name: replayed in make check (tests/fuzz/fuzz_$name built)" \
        test -x "$top_builddir/tests/fuzz/fuzz_$name"
done <"$tmp/targets"

# libFuzzer's final statistics, as -print_final_stats=1 writes them
stats() { printf 'stat::number_of_executed_units: %s\nstat::average_exec_per_sec:     %s\n' "$1" "$2"; }
{ echo "INFO: 0 files found in corpus"; stats 0 0; } >"$tmp/none.log"
{ echo "#2048 DONE cov: 10 ft: 20 corp: 5/100b"; stats 123456 2057; } >"$tmp/clean.log"
{ echo "==42==ERROR: AddressSanitizer: heap-buffer-overflow"; stats 99 9; } >"$tmp/crash.log"
echo "no statistics at all" >"$tmp/empty.log"
t_run "a run that executed nothing fails" 1 sh "$run" --check-log x "$tmp/none.log"
t_grep "  and says so" 'fuzz_x: 0 executions.*executed nothing' "$tmp/out"
t_run "a run without statistics fails" 1 sh "$run" --check-log x "$tmp/empty.log"
t_run "a run with a finding fails" 1 sh "$run" --check-log x "$tmp/crash.log"
t_grep "  and counts it" 'fuzz_x: 99 executions, 9 exec/s, 1 findings: FAILED' "$tmp/out"
t_run "a clean run passes" 0 sh "$run" --check-log x "$tmp/clean.log"
t_grep "  with its figures" '^fuzz_x: 123456 executions, 2057 exec/s, 0 findings$' "$tmp/out"
t_run "a clean run with its CPU time passes" 0 sh "$run" --check-log x "$tmp/clean.log" 80.5
t_grep "  and gives the executions per CPU second" \
    '^fuzz_x: 123456 executions, 2057 exec/s, 1533 per CPU second, 0 findings$' "$tmp/out"
t_run "a CPU time of 0 gives 0 per CPU second" 0 sh "$run" --check-log x "$tmp/clean.log" 0
t_grep "  (not a division by zero)" ' 0 per CPU second, 0 findings$' "$tmp/out"
t_run "an unknown target is refused" 64 sh "$run" nosuchtarget 1
# the library includes sources that make generates; the script makes them alone (a fresh
# build directory has none)
t_run "make generated-sources makes the sources the library includes" 0 \
    make -C "$top_builddir" -s generated-sources
t_ok "  the English abbreviations" test -s "$top_builddir/src/segment/abbrev-en.inc"
t_ok "  the default drop list" test -s "$top_builddir/src/formats/drop-default.inc"
t_done
