#!/bin/sh
# cycles.sh — no circles between files: from the object files of the library and the program
# (nm: the symbols each defines and uses), no file uses a symbol of a file that, directly or
# through others, uses one of its own. One test point per folder; a circle is printed with its
# files and the symbols that close it.
. "$top_srcdir/tests/setup"

if ! command -v nm >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
    if [ "${TY_REQUIRE_CLIENTS:-0}" = 1 ]; then
        t_point 0 "cycles: nm and python3 are needed (apt-get install binutils python3)"
    else
        t_skip "cycles" "nm or python3 missing (apt-get install binutils python3)"
    fi
    t_done
    exit
fi
python3 "$top_srcdir/tests/arch/cycles.py" "$top_builddir/src" >"$tmp/out" 2>&1 || true
while IFS= read -r line; do
    case $line in
    "ok "*) t_point 1 "cycles: ${line#ok }" ;;
    "not ok "*) t_point 0 "cycles: ${line#not ok }" ;;
    "#"*) echo "$line" ;;
    esac
done <"$tmp/out"
t_ok "cycles: object files found" grep -q '^ok \|^not ok ' "$tmp/out"
t_done
