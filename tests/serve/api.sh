#!/bin/sh
# api.sh — `taiyaku serve` over HTTP with curl: starting and stopping (a missing memory, a
# taken port, a non-loopback address without tokens, a bad token file: one line, exit 2;
# SIGTERM: exit 0), the pages, the JSON API (lookup, concordance, check findings, ignore, the
# phrase reports), the amaGama-compatible endpoint answering as amaGama does, and the safety
# rules: Host, bearer tokens, session tokens, Origin and Sec-Fetch-Site, content type, size
# caps (413, 414), --read-only, and text escaped in JSON. The memory is a TMX of a few units
# (one with a numbers finding, one holding a <script> element) and the bundled example.
. "$top_srcdir/tests/setup"
. "$top_srcdir/tests/serve/lib.sh"

t_need curl curl curl --version || { t_done; exit; }
t_need python3 python3 python3 --version || { t_done; exit; }
cd "$tmp"
ex="$top_srcdir/examples/press-conference"
cat >units.tmx <<'TMX'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="ja" datatype="plaintext" segtype="sentence" adminlang="en"
 o-tmf="x" creationtool="test" creationtoolversion="1"/><body>
<tu><tuv xml:lang="ja"><seg>第3条の規定により会議を開く。</seg></tuv><tuv xml:lang="en"><seg>The meeting opens under Article 4.</seg></tuv></tu>
<tu><tuv xml:lang="ja"><seg>&lt;script&gt;alert(1)&lt;/script&gt;を表示する。</seg></tuv><tuv xml:lang="en"><seg>Shows &lt;script&gt;alert(1)&lt;/script&gt; &amp; more.</seg></tuv></tu>
</body></tmx>
TMX
t_run "a memory: the example" 0 "$TAIYAKU" align --no-lexicon --db m.sqlite "$ex.ja.txt" "$ex.en.txt"
t_run "a memory: and two units from TMX" 0 "$TAIYAKU" import --db m.sqlite units.tmx

# GET|POST NAME WANT_STATUS PATH [curl args]: the body in $tmp/body, the headers in $tmp/hdr
req() {
    r_name=$1 r_want=$2 r_path=$3
    shift 3
    r_code=$(curl -s -o "$tmp/body" -D "$tmp/hdr" -w '%{http_code}' "$@" "$url$r_path" || echo 000)
    if [ "$r_code" = "$r_want" ]; then t_point 1 "$r_name"; else
        t_point 0 "$r_name"
        echo "#   HTTP $r_code, wanted $r_want:"
        head -c 400 "$tmp/body" | sed 's/^/#   /'
        echo
    fi
}
# json NAME PYTHON-EXPRESSION: a test point that the expression holds of the body's JSON (j)
json() {
    t_ok "$1" python3 -c "import json,sys; j=json.load(open('$tmp/body')); sys.exit(0 if ($2) else 1)"
}
post() { # NAME WANT PATH BODY [curl args]: with the session token $session, as $ctype
    p_name=$1 p_want=$2 p_path=$3 p_body=$4
    shift 4
    req "$p_name" "$p_want" "$p_path" -X POST -H "Content-Type: ${ctype:-application/json}" \
        -H "X-Taiyaku-Session: $session" --data-binary "$p_body" "$@"
}

# ---- starting, and refusing to ----
t_run "a memory that does not exist: exit 2" 2 "$TAIYAKU" serve --db nothing.sqlite
t_grep "one line naming it" '^taiyaku: .*nothing\.sqlite.*' "$tmp/err"
t_ok "  one line" test "$(wc -l <"$tmp/err")" -eq 1
t_run "a non-loopback address without tokens: exit 2" 2 "$TAIYAKU" serve --db m.sqlite \
    --listen 0.0.0.0:0
t_grep "says why" "^taiyaku: '0.0.0.0:0' is not a loopback address: serving it needs --token FILE$" "$tmp/err"
t_run "a malformed address: exit 2" 2 "$TAIYAKU" serve --db m.sqlite --listen nowhere
t_grep "says what it wants" "bad listen address 'nowhere' \\(HOST:PORT, \\[V6\\]:PORT\\)" "$tmp/err"
printf 'alice:short\n' >bad-tokens
t_run "a token file with a short token: exit 2" 2 "$TAIYAKU" serve --db m.sqlite --token bad-tokens
t_grep "names the file and line" '^taiyaku: .*bad-tokens:1: a token must have 16 characters at least$' "$tmp/err"
t_run "no --db: exit 64" 64 "$TAIYAKU" serve

serve_start main m.sqlite --user tester || true
t_ok "it starts on a free port and says where" test -n "$url"
port=${url#http://127.0.0.1:}
port=${port%/}
t_run "the same port again: exit 2" 2 "$TAIYAKU" serve --db m.sqlite --listen "127.0.0.1:$port"
t_grep "one line: the port is taken" "^taiyaku: cannot listen on 127.0.0.1:$port: Address already in use$" "$tmp/err"

# ---- pages ----
req "GET /: the page" 200 ""
t_grep "  as HTML" '^Content-Type: text/html; charset=utf-8' "$tmp/hdr"
t_grep "  a content security policy: scripts from this server only" \
    "^Content-Security-Policy: default-src 'none'; script-src 'self';" "$tmp/hdr"
t_grep "  no sniffing" '^X-Content-Type-Options: nosniff' "$tmp/hdr"
t_grep "  loads its script from the server" 'src="/assets/app.js"' "$tmp/body"
t_ok "  and nothing from other hosts" sh -c "! grep -Eq '(src|href)=\"(https?:)?//' '$tmp/body'"
req "GET /assets/search.js" 200 "assets/search.js"
t_grep "  as JavaScript" '^Content-Type: text/javascript' "$tmp/hdr"
req "a page that does not exist: 404" 404 "assets/nothing.js"
req "POST to a page file: 405" 405 "assets/app.js" -X POST

# ---- the session ----
req "GET /api/session" 200 "api/session"
json "  a session token, the user, the memory" \
    "len(j['session']) == 32 and j['user'] == 'tester' and j['read_only'] is False and j['units'] == 35"
session=$(python3 -c "import json; print(json.load(open('$tmp/body'))['session'])")
t_grep "  never cached" '^Cache-Control: no-store' "$tmp/hdr"

# ---- lookup and concordance ----
q='%E6%97%A5%E6%9C%AC%E6%94%BF%E5%BA%9C%E3%81%AF%E3%80%81%E8%A2%AB%E7%81%BD%E8%80%85%E6%94%AF%E6%8F%B4%E3%81%AE%E3%81%9F%E3%82%81%E3%80%81300%E4%B8%87%E3%83%89%E3%83%AB%E3%81%AE%E7%B7%8A%E6%80%A5%E7%84%A1%E5%84%9F%E8%B3%87%E9%87%91%E5%8D%94%E5%8A%9B%E3%82%92%E5%AE%9F%E6%96%BD%E3%81%99%E3%82%8B%E3%81%93%E3%81%A8%E3%82%92%E6%B1%BA%E5%AE%9A%E3%81%97%E3%81%BE%E3%81%97%E3%81%9F%E3%80%82'
req "lookup: a sentence of the example" 200 "api/lookup?q=$q"
json "  an exact match first, with its English and where it is from" \
    "j['matches'][0]['score'] == 100 and j['matches'][0]['en'].startswith('The Government of Japan has decided') and j['matches'][0]['document'] == 'press-conference.ja.txt | press-conference.en.txt'"
"$TAIYAKU" lookup --db m.sqlite --json "$(python3 -c "import urllib.parse; print(urllib.parse.unquote('$q'))")" >cli.json
t_ok "  the same matches as taiyaku lookup --json" python3 -c "
import json; a=json.load(open('$tmp/body')); b=json.load(open('cli.json'))
raise SystemExit(0 if a['matches'] == b['matches'] else 1)"
req "lookup with 500万ドル for 300万ドル: fuzzy" 200 "api/lookup?q=$(echo "$q" | sed 's/300/500/')&min=50"
json "  below 100, the numbers marked as differing" \
    "j['matches'][0]['score'] < 100 and j['matches'][0]['numbers_differ'] is True"
req "lookup without q: 400" 400 "api/lookup"
json "  says what is missing" "'q' in j['error']"
req "lookup from fr: 400" 400 "api/lookup?q=x&from=fr"
req "lookup with a bad escape: 400" 400 "api/lookup?q=%E6%97"
json "  says the parameter does not decode" "'does not decode' in j['error']"
req "lookup with min=0: 400" 400 "api/lookup?q=x&min=0"
req "concordance of 台風" 200 "api/concord?q=%E5%8F%B0%E9%A2%A8"
json "  hits, each with the hit marked in its parts" \
    "len(j['hits']) >= 2 and all(any(p['hit'] and p['text'] == '台風' for p in h['parts']) for h in j['hits'])"
json "  the parts put together are the text" \
    "all(''.join(p['text'] for p in h['parts']) == h[h['lang']] for h in j['hits'])"
req "concordance in English: typhoon" 200 "api/concord?q=typhoon&lang=en"
json "  found on the English side" "j['hits'] and all(h['lang'] == 'en' for h in j['hits'])"

# ---- escaping ----
req "lookup of the unit holding <script>" 200 "api/concord?q=alert"
t_grep "  JSON escapes < > & as \\u escapes" '\\u003cscript\\u003ealert\(1\)\\u003c/script\\u003e' "$tmp/body"
t_ok "  no raw <script> in the answer" sh -c "! grep -q '<script' '$tmp/body'"
json "  which decodes to the text" "any('<script>alert(1)</script>' in h['ja'] for h in j['hits'])"
t_grep "  served as JSON" '^Content-Type: application/json' "$tmp/hdr"

# ---- amaGama ----
req "amaGama: /tmserver/ja/en/unit/TEXT" 200 "tmserver/ja/en/unit/%E5%86%92%E9%A0%AD%E7%99%BA%E8%A8%80"
printf '[{"quality": 100, "rank": 100, "source": "冒頭発言", "target": "Opening Remarks"}]' >want
t_same "  a JSON list of quality, rank, source, target, as amaGama writes it" "$tmp/body" want
t_grep "  cached for an hour, as amaGama says" '^Cache-Control: max-age=3600, public' "$tmp/hdr"
req "amaGama: ja_JP and en-US" 200 "tmserver/ja_JP/en-US/unit/%E5%86%92%E9%A0%AD%E7%99%BA%E8%A8%80"
t_same "  the same answer" "$tmp/body" want
req "amaGama: the text in ?source=" 200 "tmserver/ja/en/unit/?source=%E5%86%92%E9%A0%AD%E7%99%BA%E8%A8%80"
t_same "  the same answer" "$tmp/body" want
req "amaGama: English to Japanese" 200 "tmserver/en/ja/unit/Opening%20Remarks"
json "  the Japanese as target" "j == [{'quality': 100, 'rank': 100, 'source': 'Opening Remarks', 'target': '冒頭発言'}]"
req "amaGama: fuzzy, max_candidates=1, min_similarity=40" 200 \
    "tmserver/en/ja/unit/Opening%20remarks%20today?max_candidates=1&min_similarity=40"
json "  one candidate, below 100, above 40" "len(j) == 1 and 40 <= j[0]['quality'] < 100"
req "amaGama: min_similarity=99 leaves the fuzzy one out" 200 \
    "tmserver/en/ja/unit/Opening%20remarks%20today?min_similarity=99"
json "  an empty list" "j == []"
req "amaGama: a language pair the memory does not hold: 404" 404 "tmserver/fr/en/unit/bonjour"
req "amaGama: the same language twice: 404" 404 "tmserver/en/en/unit/hello"
req "amaGama: nothing to look up: 404" 404 "tmserver/ja/en/unit/"

# ---- consistency ----
req "check: the findings" 200 "api/check"
json "  the numbers finding of 第3条 / Article 4, 3 and 4 marked" \
    "any(f['kind'] == 'numbers' and any(p['hit'] and p['text'] == '3' for p in f['units'][0]['ja']) for f in j['findings'])"
fid=$(python3 -c "import json; print([f['id'] for f in json.load(open('$tmp/body'))['findings'] if f['kind'] == 'numbers'][0])")
"$TAIYAKU" check --db m.sqlite --no-lexicon >cli-check.txt || true
t_grep "  the CLI reports it too" "\\[$fid\\]" cli-check.txt

# ---- edits: the rules ----
good=$session
session=
post "ignore without a session token: 403" 403 api/ignore "{\"id\":\"$fid\"}"
json "  says what is missing" "'session token' in j['error']"
session=0123456789abcdef0123456789abcdef
post "ignore with a made-up session token: 403" 403 api/ignore "{\"id\":\"$fid\"}"
session=$good
post "ignore from another origin: 403" 403 api/ignore "{\"id\":\"$fid\"}" -H 'Origin: http://evil.example'
json "  says so" "'another origin' in j['error']"
post "ignore from another site (Sec-Fetch-Site): 403" 403 api/ignore "{\"id\":\"$fid\"}" \
    -H 'Sec-Fetch-Site: cross-site'
ctype=application/x-www-form-urlencoded
post "ignore as a form: 415" 415 api/ignore "id=$fid"
ctype=
post "ignore with bad JSON: 400" 400 api/ignore '{"id":'
json "  says where" "'bad JSON at byte 6' in j['error']"
post "ignore a bad id: 400" 400 api/ignore '{"id":"nothex"}'
req "a Host that is not this server (DNS rebinding): 403" 403 api/session -H 'Host: evil.example:80'
req "GET on a POST route: 405" 405 api/ignore
t_grep "  Allow: POST" '^Allow: POST' "$tmp/hdr"
req "DELETE on a GET route: 405" 405 api/lookup -X DELETE
t_grep "  Allow: GET" '^Allow: GET' "$tmp/hdr"
long=$(python3 -c "print('a' * 9000)")
req "a request target over 8 KiB: 414" 414 "api/lookup?q=$long"
python3 -c "print('{\"id\":\"' + 'a' * 1100000 + '\"}')" >big.json
post "a body over 1 MiB: 413" 413 api/ignore @big.json

# ---- edits: ignore, from the page's API to the CLI ----
post "ignore the numbers finding, from this origin" 200 api/ignore "{\"id\":\"$fid\",\"note\":\"fine\"}" \
    -H "Origin: ${url%/}"
json "  says it is ignored" "j == {'id': '$fid', 'ignored': True}"
req "check again: the finding does not come back" 200 "api/check"
json "  gone, counted as accepted" "not any(f['id'] == '$fid' for f in j['findings']) and j['ignored'] >= 1"
t_run "the CLI's check does not report it either" 0 "$TAIYAKU" check --db m.sqlite --no-lexicon
t_run "the CLI lists it, accepted by the server's user" 0 "$TAIYAKU" check --db m.sqlite --ignore-list
t_grep "  with who and the note" "^$fid	[0-9T:-]+Z	tester	fine\$" "$tmp/out"
req "GET /api/ignored lists it" 200 api/ignored
json "  with who" "j['ignored'][0]['id'] == '$fid' and j['ignored'][0]['who'] == 'tester'"
post "report it again" 200 api/ignore "{\"id\":\"$fid\",\"undo\":true}"
t_run "the CLI reports it again" 1 "$TAIYAKU" check --db m.sqlite --no-lexicon

# ---- phrase reports ----
req "phrases" 200 "api/phrases?min_documents=2"
json "  a list" "isinstance(j['phrases'], list) and 'found' in j"
req "phrase 台風" 200 "api/phrase?q=%E5%8F%B0%E9%A2%A8"
json "  its uses, the phrase marked" "j['units'] >= 2 and all(any(p['hit'] for p in u['source']) for u in j['uses'])"

# ---- documents and review ----
req "documents" 200 api/documents
json "  the example with its figures, the TMX without structure" \
    "j['documents'][0]['structure'] is True and j['documents'][0]['beads'] > 30 and j['documents'][0]['units'] == 33 and j['documents'][1]['structure'] is False"
req "review of document 1" 200 api/review/1
json "  sentences and beads in order" \
    "j['beads'][0]['ja_first'] == 0 and j['version'] == 0 and j['ja'][0]['text'] == '山本外務大臣会見記録' and sum(b['ja_count'] for b in j['beads']) == len(j['ja'])"
n=$(python3 -c "import json; print(len(json.load(open('$tmp/body'))['beads']))")
post "join bead 0 with the next" 200 api/review/1/edit '{"op":"join","bead":0,"direction":1,"version":0}'
json "  the new version" "j == {'document': 1, 'version': 1}"
req "  one bead less, the first 2:2 and reviewed" 200 api/review/1
json "  2:2" "len(j['beads']) == $n - 1 and j['beads'][0]['ja_count'] == 2 and j['beads'][0]['en_count'] == 2 and j['beads'][0]['status'] == 'reviewed'"
post "an edit chosen on version 0: 409" 409 api/review/1/edit '{"op":"accept","bead":0,"version":0}'
post "an unknown op: 400" 400 api/review/1/edit '{"op":"smash","bead":0}'
post "join without a direction: 400" 400 api/review/1/edit '{"op":"join","bead":0}'
post "a bead past the end: 400" 400 api/review/1/edit '{"op":"accept","bead":999}'
post "a document that does not exist: 404" 404 api/review/99/edit '{"op":"accept","bead":0}'
post "undo" 200 api/review/1/undo '{}'
req "  the beads are as before" 200 api/review/1
json "  $n beads, the first 1:1" "len(j['beads']) == $n and j['beads'][0]['en_count'] == 1"
req "history" 200 api/review/1/history
json "  the join and the undo, by tester" \
    "[e['op'] for e in j['edits']] == ['join', 'undo'] and j['edits'][0]['who'] == 'tester' and j['edits'][0]['undone'] is True"
post "pin bead 0" 200 api/review/1/edit '{"op":"pin","bead":0}'
post "re-align around it" 200 api/review/1/realign '{}'
req "  bead 0 still pinned" 200 api/review/1
json "  pinned, reviewed" "j['beads'][0]['pinned'] is True and j['beads'][0]['status'] == 'reviewed'"

# ---- many readers while one writer edits ----
i=0
while [ $i -lt 8 ]; do
    (n=0; while [ $n -lt 15 ]; do
        curl -s -o /dev/null -w '%{http_code}\n' "${url}api/lookup?q=$q"; n=$((n + 1)); done) >"reader$i" &
    i=$((i + 1))
done
n=0
while [ $n -lt 20 ]; do
    curl -s -o /dev/null -w '%{http_code}\n' -X POST -H 'Content-Type: application/json' \
        -H "X-Taiyaku-Session: $session" --data-binary "{\"id\":\"$fid\",\"undo\":$([ $((n % 2)) = 0 ] && echo false || echo true)}" \
        "${url}api/ignore" >>writer
    n=$((n + 1))
done
wait_readers=0
for p in $(jobs -p); do [ "$p" = "$serve_pid" ] || wait "$p" || wait_readers=1; done
t_ok "120 lookups beside 20 edits: every lookup 200" sh -c "[ \"\$(cat reader* | sort -u)\" = 200 ]"
t_ok "  every edit 200" sh -c "[ \"\$(sort -u writer)\" = 200 ]"

serve_stop
t_ok "SIGTERM stops it: exit 0" test "$serve_status" -eq 0
t_grep "  and it says so" '^taiyaku: stopped \(SIGTERM\)$' "$tmp/main.out"

# ---- --read-only ----
serve_start ro m.sqlite --read-only || true
req "read-only: GET /api/session" 200 api/session
json "  says read-only" "j['read_only'] is True"
session=$(python3 -c "import json; print(json.load(open('$tmp/body'))['session'])")
post "read-only: an edit is refused: 403" 403 api/ignore "{\"id\":\"$fid\"}"
json "  says why" "'read-only' in j['error']"
req "read-only: lookups work" 200 "api/lookup?q=$q"
serve_stop

# ---- tokens ----
printf '# reviewers\nalice:alice-token-0123456789\n\nbob:bob-token-0123456789abc\n' >tokens
serve_start tok m.sqlite --token tokens --user nobody || true
req "with tokens: no Authorization: 401" 401 api/session
t_grep "  says Bearer" '^WWW-Authenticate: Bearer' "$tmp/hdr"
req "  a wrong token: 401" 401 api/session -H 'Authorization: Bearer alice-token-0123456788'
req "  a prefix of a token: 401" 401 api/session -H 'Authorization: Bearer alice-token'
req "  the page itself needs none" 200 ""
req "  amaGama needs one too" 401 "tmserver/ja/en/unit/x"
req "  bob's token: 200" 200 api/session -H 'Authorization: Bearer bob-token-0123456789abc'
json "  the user is the token's name" "j['user'] == 'bob'"
session=$(python3 -c "import json; print(json.load(open('$tmp/body'))['session'])")
post "  bob accepts a finding" 200 api/ignore "{\"id\":\"$fid\"}" -H 'Authorization: Bearer bob-token-0123456789abc'
"$TAIYAKU" check --db m.sqlite --ignore-list >list.txt
t_grep "  recorded as bob" "^$fid	[0-9T:-]+Z	bob	\$" list.txt
serve_stop
t_done
