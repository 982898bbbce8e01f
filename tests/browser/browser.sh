#!/bin/sh
# browser.sh — taiyaku serve in a real browser (browser.mjs: headless Chromium driven by
# puppeteer-core under node): the bundled example's memory, as ./bootstrap builds it, plus a
# unit holding a <script> element; a lookup and its marked difference, the <script> segment
# shown as text, and on the review page the known 1:1 + 0:1 beads joined into 1:2 with the
# keyboard, kept after a reload and found by the CLI in the memory. It saves screenshots of
# the search and review pages into the build directory (tests/browser/search.png,
# review.png; doc/ holds copies for the README). puppeteer-core comes from npm
# (tests/browser/package-lock.json): ./bootstrap check installs it with npm ci into
# ${XDG_CACHE_HOME:-~/.cache}/taiyaku/browser-test (TY_NODE_MODULES overrides); it never
# downloads a browser.
. "$top_srcdir/tests/setup"
. "$top_srcdir/tests/serve/lib.sh"

nm=${TY_NODE_MODULES:-${XDG_CACHE_HOME:-$HOME/.cache}/taiyaku/browser-test/node_modules}
[ -d "$nm/puppeteer-core" ] || nm="$top_builddir/tests/browser/node_modules"
t_need chromium chromium test -x "${TY_CHROMIUM:-/usr/bin/chromium}" || { t_done; exit; }
t_need node nodejs node --version || { t_done; exit; }
if [ ! -d "$nm/puppeteer-core" ]; then
    why="npm puppeteer-core is not installed (./bootstrap check installs it: npm ci of tests/browser/package-lock.json)"
    if [ "${TY_REQUIRE_CLIENTS:-0}" = 1 ]; then t_point 0 "$why; TY_REQUIRE_CLIENTS=1 requires it"
    else t_skip "puppeteer-core" "$why: the browser checks do not run"; fi
    t_done
    exit
fi
cd "$tmp"
ex="$top_srcdir/examples/press-conference"
cat >script.tmx <<'TMX'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="ja" datatype="plaintext" segtype="sentence" adminlang="en"
 o-tmf="x" creationtool="test" creationtoolversion="1"/><body>
<tu><tuv xml:lang="ja"><seg>&lt;script&gt;alert(1)&lt;/script&gt;を表示する。</seg></tuv><tuv xml:lang="en"><seg>Shows &lt;script&gt;alert(1)&lt;/script&gt; as text.</seg></tuv></tu>
</body></tmx>
TMX
t_run "the example's memory, as ./bootstrap makes it" 0 "$TAIYAKU" align "$ex.ja.txt" "$ex.en.txt" \
    --db m.sqlite
t_run "a unit holding <script>" 0 "$TAIYAKU" import --db m.sqlite script.tmx
serve_start srv m.sqlite --user browser-test || true
t_ok "the server started" test -n "$url"
shots="$top_builddir/tests/browser"
mkdir -p "$shots"
ln -s "$nm" node_modules
cp "$top_srcdir/tests/browser/browser.mjs" .
st=0
NODE_PATH="$nm" node browser.mjs "$url" "$shots" >run.txt 2>run.err || st=$?
t_ok "the browser run ended cleanly" test "$st" -eq 0
[ "$st" -eq 0 ] || sed 's/^/#   /' run.err | head -20
while IFS= read -r l; do
    case $l in
    "ok - "*) t_point 1 "${l#ok - }" ;;
    "not ok - "*) t_point 0 "${l#not ok - }" ;;
    "skip - "*) t_skip "${l#skip - }" "not on this build" ;;
    "# "*) echo "#   ${l#\# }" ;;
    esac
done <run.txt
t_ok "the search page's screenshot" test -s "$shots/search.png"
if grep -q '^ok - Shift+J joins them' run.txt; then
    t_ok "the review page's screenshot" test -s "$shots/review.png"
    t_run "the CLI finds the 1:2 unit in the memory" 0 "$TAIYAKU" lookup --db m.sqlite --json \
        今月14日にフィリピン中部を襲った台風により多数の死傷者が出ていることに、心からお見舞いを申し上げます。
    t_grep "  its English is both sentences" \
        '"score":100,.*"en":"Ms\. YAMAMOTO Keiko, Minister for Foreign Affairs: The typhoon that struck the central Philippines on October 14 has left many people dead or injured\. I would like to express' "$tmp/out"
fi
serve_stop
t_done
