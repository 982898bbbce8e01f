#!/bin/sh
# cycles.sh — no circles between files: from the object files of the library and the program
# (nm: the symbols each defines and uses), no file uses a symbol of a file that, directly or
# through others, uses one of its own. One test point per folder; a circle is printed with its
# files and the symbols that close it.
. "$top_srcdir/tests/setup"

if ! t_need nm binutils command -v nm || ! t_need python3 python3 command -v python3; then
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
