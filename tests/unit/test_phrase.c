/*
 * test_phrase.c — phrase-rendering reports (ty_phrase_report_new) and phrase discovery
 * (ty_phrases_find) on a hand-made memory: seven documents render 法の支配に基づく自由で開かれた
 * 国際秩序 — four the same way, two with a variant, one with a paraphrase — among everyday
 * sentences, so the dominant rendering, the variant, their shares and the deviating use are
 * known exactly. Also the reverse direction (--from en), a phrase that is not there, word
 * boundaries for English, the tokenizer's phrase boundaries (fragments left out, phrases that
 * stay), the order of `phrases --sort share` on the memory of tests/cli/data/phrases-share
 * (entries a reviewer cannot use after those a reviewer can), and the background sample's
 * substring counts through its byte-pair index against a search of the whole sample; and the
 * units containing a string as counted and listed from a backend's rows against the SQLite
 * memory's own searches.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unicode/unorm2.h>

#include "consistency/consistency.h"
#include "tm_fixture.h"

/* The phrase, rendered in docs a-d as R1, in e-f as R2, paraphrased in g. */
#define R1 "free and open international order based on the rule of law"
#define R2 "free and open international order grounded in the rule of law"
static const tu units[] = {
    {"a", "本日の会見を始めます。", "Let me begin today's press conference.", 0.99},
    {"a", "我々は、法の支配に基づく自由で開かれた国際秩序を維持・強化していきます。",
     "We will maintain and strengthen the " R1 ".", 0.99},
    {"a", "外務大臣はワシントンを訪問しました。",
     "The Minister for Foreign Affairs visited Washington.", 0.99},
    {"a", "ありがとうございました。", "Thank you.", 0.99},
    {"b", "日本は、法の支配に基づく自由で開かれた国際秩序の実現に向けて、G7と緊密に連携します。",
     "Japan will work closely with the G7 toward realizing a " R1 ".", 0.99},
    {"b", "外務大臣は会談の成果を説明しました。",
     "The Minister for Foreign Affairs explained the results of the talks.", 0.99},
    {"b", "次の質問をどうぞ。", "Next question, please.", 0.99},
    {"c", "法の支配に基づく自由で開かれた国際秩序を守るため、各国と協力します。",
     "We will cooperate with other countries to uphold the " R1 ".", 0.99},
    {"c", "外務大臣はこの問題について記者の質問に答えました。",
     "The Minister for Foreign Affairs answered a question from the press on this issue.", 0.99},
    {"c", "ありがとうございました。", "Thank you very much.", 0.99},
    {"d", "首脳は、法の支配に基づく自由で開かれた国際秩序の重要性を確認しました。",
     "The leaders confirmed the importance of the " R1 ".", 0.99},
    {"d", "会談は和やかな雰囲気の中で行われました。",
     "The talks were held in a friendly atmosphere.", 0.99},
    {"e", "大臣は、法の支配に基づく自由で開かれた国際秩序を堅持する決意を表明しました。",
     "The Minister expressed determination to uphold a " R2 ".", 0.99},
    {"e", "外務大臣は記者会見を行いました。",
     "The Minister for Foreign Affairs held a press conference.", 0.99},
    {"f", "両国は、法の支配に基づく自由で開かれた国際秩序を共に守っていきます。",
     "Both countries will defend the " R2 " together.", 0.99},
    {"f", "詳細は後ほど発表します。", "The details will be announced later.", 0.99},
    {"g", "法の支配に基づく自由で開かれた国際秩序への挑戦は容認できません。",
     "Challenges to the rules-based international order are unacceptable.", 0.99},
    {"g", "以上です。", "That is all.", 0.99},
};

/* The documents of the uses with rendering r, joined with ','. */
static void docs_of(const ty_phrase_report *r, long rendering, char *out, size_t cap)
{
    out[0] = '\0';
    for (size_t i = 0; i < r->nuses; i++)
        if (r->uses[i].rendering == rendering) {
            if (out[0])
                strncat(out, ",", cap - strlen(out) - 1);
            strncat(out, r->uses[i].occ->document, cap - strlen(out) - 1);
        }
}

static void test_report(ty_tm *tm)
{
    ty_phrase_report *r = NULL;
    ty_error err;
    char docs[256];

    if (!ty_ok(ty_phrase_report_new(tm, "法の支配に基づく自由で開かれた国際秩序", NULL, &r, &err) ==
                   TY_OK,
               "phrase report")) {
        ty_diag("%s", err.message);
        return;
    }
    ty_is_int((long long)r->units, 7, "units with the phrase");
    ty_is_int((long long)r->documents, 7, "documents");
    ty_is_int((long long)r->nrenderings, 2, "renderings");
    if (r->nrenderings >= 2) {
        ty_is_str(r->renderings[0].text, R1, "dominant rendering");
        ty_is_int((long long)r->renderings[0].uses, 4, "dominant uses");
        ty_ok(r->renderings[0].share > 0.571 && r->renderings[0].share < 0.572,
              "dominant share 4/7");
        ty_is_str(r->renderings[1].text, R2, "variant rendering");
        ty_is_int((long long)r->renderings[1].uses, 2, "variant uses");
        ty_is_int((long long)r->renderings[1].documents, 2, "variant documents");
        ty_ok(r->renderings[0].llr >= 3.84 && r->renderings[1].llr >= 3.84, "both significant");
    }
    docs_of(r, 0, docs, sizeof docs);
    ty_is_str(docs, "a,b,c,d", "documents of the dominant rendering");
    docs_of(r, 1, docs, sizeof docs);
    ty_is_str(docs, "e,f", "documents of the variant");
    docs_of(r, -1, docs, sizeof docs);
    ty_is_str(docs, "g", "the deviating use");
    ty_is_int((long long)r->unmatched, 1, "one use without a known rendering");
    for (size_t i = 0; i < r->nuses; i++) {
        const ty_phrase_use *u = &r->uses[i];
        if (u->rendering < 0) {
            ty_is_int(u->occ->position, 0, "position of the deviating use");
            ty_is_str(u->unit->en,
                      "Challenges to the rules-based international order are unacceptable.",
                      "text of the deviating use");
        } else {
            char got[160];
            snprintf(got, sizeof got, "%.*s", (int)(u->end - u->start), u->unit->en + u->start);
            ty_is_str(got, u->rendering ? R2 : R1, "rendering located in use %zu", i);
        }
        ty_is_int((long long)(u->phrase_end - u->phrase_start),
                  (long long)strlen("法の支配に基づく自由で開かれた国際秩序"),
                  "phrase located in use %zu", i);
    }
    ty_phrase_report_free(r);
}

static void test_reverse(ty_tm *tm)
{
    ty_phrase_report *r = NULL;
    ty_phrase_opts o;
    ty_error err;

    ty_phrase_opts_init(&o);
    o.from = TY_LANG_EN;
    if (!ty_ok(ty_phrase_report_new(tm, "Minister for Foreign Affairs", &o, &r, &err) == TY_OK,
               "reverse report")) {
        ty_diag("%s", err.message);
        return;
    }
    ty_is_int((long long)r->units, 4, "English phrase units");
    ty_ok(r->nrenderings >= 1 && !strcmp(r->renderings[0].text, "外務大臣"), "外務大臣 renders it");
    ty_ok(r->nrenderings >= 1 && r->renderings[0].uses == 4, "in every use");
    ty_is_int((long long)r->unmatched, 0, "no deviation");
    ty_phrase_report_free(r);

    /* whole words only: "rule" is in "the rule of law" (6 units), not in "rules-based" */
    if (ty_ok(ty_phrase_report_new(tm, "Rule", &o, &r, &err) == TY_OK, "report for 'Rule'")) {
        ty_is_int((long long)r->units, 6, "'rule' as a whole word only");
        ty_phrase_report_free(r);
    }
}

/* A report reads the memory in one read transaction of its own, ended before it returns; a
 * caller's transaction is used and left open. */
static void test_transaction(ty_tm *tm)
{
    ty_phrase_report *r = NULL;
    ty_error err = {0};

    ty_ok(ty_phrase_report_new(tm, "法の支配", NULL, &r, &err) == TY_OK && r && r->nuses > 0,
          "report outside a transaction");
    ty_phrase_report_free(r);
    ty_ok(sqlite3_get_autocommit(tm->db) != 0, "its read transaction is ended");
    ty_ok(sqlite3_exec(tm->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK, "a caller's transaction");
    r = NULL;
    ty_ok(ty_phrase_report_new(tm, "法の支配", NULL, &r, &err) == TY_OK && r && r->nuses > 0,
          "report inside it");
    ty_phrase_report_free(r);
    ty_ok(sqlite3_get_autocommit(tm->db) == 0, "the caller's transaction is left open");
    sqlite3_exec(tm->db, "COMMIT", NULL, NULL, NULL);
}

static void test_absent(ty_tm *tm)
{
    ty_phrase_report *r = NULL;
    ty_error err;

    ty_ok(ty_phrase_report_new(tm, "存在しない表現", NULL, &r, &err) == TY_OK, "absent phrase");
    if (r) {
        ty_is_int((long long)r->units, 0, "no units");
        ty_is_int((long long)r->nrenderings, 0, "no renderings");
        ty_phrase_report_free(r);
    }
    ty_ok(ty_phrase_report_new(tm, "  ", NULL, &r, &err) == TY_ERR_INVALID, "empty phrase refused");
}

static void test_phrases(ty_tm *tm)
{
    ty_phrases *p = NULL;
    ty_phrases_opts o;
    ty_error err;

    ty_phrases_opts_init(&o);
    if (!ty_ok(ty_phrases_find(tm, &o, &p, &err) == TY_OK, "phrases")) {
        ty_diag("%s", err.message);
        return;
    }
    /* 自由で開かれた国際秩序, 法の支配, 国際秩序 are inside the long phrase in as many
     * documents; 大臣 is one word; ありがとうございました is in two documents and all kana */
    ty_is_int((long long)ty_phrases_count(p), 2, "two recurring phrases");
    ty_is_int((long long)ty_phrases_found(p), 2, "found two");
    if (ty_phrases_count(p) == 2) {
        const ty_phrase_report *a = ty_phrases_get(p, 0), *b = ty_phrases_get(p, 1);
        ty_is_str(a->phrase, "法の支配に基づく自由で開かれた国際秩序", "most documents first");
        ty_is_int((long long)a->documents, 7, "in 7 documents");
        ty_ok(a->nrenderings == 2 && !strcmp(a->renderings[0].text, R1), "its report");
        ty_is_str(b->phrase, "外務大臣", "then 外務大臣");
        ty_is_int((long long)b->documents, 4, "in 4 documents");
        ty_ok(b->nrenderings == 1 && !strcmp(b->renderings[0].text, "Minister for Foreign Affairs"),
              "rendered one way");
    }
    ty_phrases_free(p);

    /* order by share: the least consistent first */
    o.order = TY_PHRASES_BY_SHARE;
    o.max_phrases = 1;
    if (ty_ok(ty_phrases_find(tm, &o, &p, &err) == TY_OK, "phrases by share")) {
        ty_is_int((long long)ty_phrases_count(p), 1, "max_phrases 1");
        ty_ok(ty_phrases_count(p) == 1 &&
                  !strcmp(ty_phrases_get(p, 0)->phrase, "法の支配に基づく自由で開かれた国際秩序"),
              "57%% before 100%%");
        ty_phrases_free(p);
    }
    o.min_documents = 8;
    if (ty_ok(ty_phrases_find(tm, &o, &p, &err) == TY_OK, "phrases in 8 documents")) {
        ty_is_int((long long)ty_phrases_count(p), 0, "none");
        ty_phrases_free(p);
    }
    /* mine_units: the newest documents first (g … b hold 14 distinct units, then a, whose
     * second unit has the phrase), cut inside a document too */
    o.min_documents = 7;
    o.mine_units = 16;
    if (ty_ok(ty_phrases_find(tm, &o, &p, &err) == TY_OK, "phrases in 7 documents, 16 units")) {
        ty_is_int((long long)ty_phrases_count(p), 1, "16 units: the phrase, in all 7");
        ty_phrases_free(p);
    }
    o.mine_units = 15;
    if (ty_ok(ty_phrases_find(tm, &o, &p, &err) == TY_OK, "phrases in 7 documents, 15 units")) {
        ty_is_int((long long)ty_phrases_count(p), 0, "15 units: a is cut before its phrase");
        ty_phrases_free(p);
    }
    o.mine_units = 0;
    ty_is_int(ty_phrases_find(tm, &o, &p, &err), TY_ERR_INVALID, "0 units is refused");
    o.mine_units = 200000;
    o.min_documents = 0;
    ty_is_int(ty_phrases_find(tm, &o, &p, &err), TY_ERR_INVALID, "0 documents is refused");
}

/* Where a Japanese phrase may start and end: a text, the first and last word (ICU's) of a
 * candidate, and whether it is a phrase. */
static const struct {
    const char *text, *first, *last;
    int bounded;
} bounds[] = {
    {"自由で開かれた国際秩序を守る", "自由", "秩序", 1},
    {"自由で開かれた国際秩序を守る", "自由", "開", 0}, /* a verb stem: 開|か|れ|た */
    {"自由で開かれた国際秩序を守る", "で", "秩序", 0}, /* starts on a particle */
    {"自由で開かれた国際秩序を守る", "自由", "た", 0}, /* ends on an ending */
    {"法の支配に基づく秩序", "法", "基づく", 0},       /* ends on an inflected word */
    {"法の支配に基づく秩序", "法", "支配", 1},
    {"日豪の特別な関係", "日", "豪", 1}, /* 豪|の: a noun before a particle */
    {"1月10日に会談", "月", "日", 0},    /* next to a number */
    {"第11回日豪協議", "回", "協議", 0}, /* starts right after a number */
    {"第11回日豪協議", "第", "協議", 1},
    /* fragments: a list's tail, a suffix at the start, a predicate at the start */
    {"食料、水、シェルター等の分野で支援", "シェルター", "等", 0},
    {"食料、水、シェルター等の分野で支援", "等", "分野", 0},
    {"関係者の皆様に感謝", "者", "皆様", 0},
    {"北部で発生した地震により", "発生", "地震", 0},
    {"北部に滞在する邦人の安全", "滞在", "邦人", 0},
    {"佐藤氏の発言", "氏", "発言", 0},
    /* phrases that stay */
    {"新型コロナウイルスの影響", "新型", "ウイルス", 1},
    {"質疑応答に移ります", "質疑", "応答", 1},
    {"読売新聞の記事", "読売", "新聞", 1},
    {"外相と意見交換を行った", "意見", "交換", 1},
    {"具体的な内容については", "具体", "内容", 1},
    {"犠牲となられた方々に哀悼", "犠牲", "方々", 1},
    {"シェルター等の分野", "分野", "分野", 1},
};

/* Texts and their tokens' normalized text (from the first word to the last). */
static const char *const norms[][2] = {
    {"ＧＤＰは２％増", "gdpは2%増"},
    {"Rule of LAW、法の支配", "rule of law、法の支配"},
    {"（国際社会）の平和", "国際社会)の平和"},
    {"ﾃｽﾄ　TEST です", "テスト test です"},
    {"カ\u3099ス漏れ", "ガス漏れ"},
    {"Cafe\u0301 Ａ", "café a"},
};

static void test_bounds(void)
{
    ty__tokenizer *tk = NULL;
    ty__toks t = {0};
    ty_error err;

    if (!ty_ok(ty__tokenizer_new(TY_LANG_JA, &tk, &err) == TY_OK, "tokenizer"))
        return;
    for (size_t k = 0; k < sizeof bounds / sizeof *bounds; k++) {
        size_t i, j;
        if (ty__tokenize_words(tk, bounds[k].text, strlen(bounds[k].text), &t, &err) != TY_OK)
            break;
        for (i = 0; i < t.n && strncmp(bounds[k].text + t.v[i].start, bounds[k].first,
                                       t.v[i].end - t.v[i].start);
             i++)
            ;
        for (j = i; j < t.n && strncmp(bounds[k].text + t.v[j].start, bounds[k].last,
                                       t.v[j].end - t.v[j].start);
             j++)
            ;
        if (!ty_ok(i < t.n && j < t.n, "%s: words %s and %s found", bounds[k].text, bounds[k].first,
                   bounds[k].last))
            continue;
        ty_is_int(ty__ja_bounded(&t, i, j), bounds[k].bounded, "%s: %s…%s", bounds[k].text,
                  bounds[k].first, bounds[k].last);
    }
    /* the normalized stream: full-width letters and digits fold, the words keep their spans;
     * texts ICU normalizes and texts copied without it (ty__norm_kept), and both mixed */
    for (size_t k = 0; k < sizeof norms / sizeof *norms; k++)
        if (ty_ok(ty__tokenize_words(tk, norms[k][0], strlen(norms[k][0]), &t, &err) == TY_OK,
                  "tokenize %s", norms[k][0]))
            ty_is_str(t.norm, norms[k][1], "normalized words and gaps of %s", norms[k][0]);
    ty__toks_free(&t);
    ty__tokenizer_free(tk);
}

/* Whether s (ty__tokenize_spans) has t's words (ty__tokenize_words) at the same places in the
 * text and the normalized text, and nothing else. */
static int same_spans(const ty__toks *t, const ty__toks *s)
{
    if (t->n != s->n || t->nlen != s->nlen || strcmp(t->norm, s->norm) != 0)
        return 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].start != s->v[i].start || t->v[i].end != s->v[i].end ||
            t->v[i].nstart != s->v[i].nstart || t->v[i].nend != s->v[i].nend ||
            s->v[i].hash || s->v[i].flags || s->v[i].gap || s->v[i].nchars)
            return 0;
    return 1;
}

/* ty__tokenize_spans gives ty__tokenize_words's words and normalized text, in both languages. */
static void test_spans(void)
{
    static const char *const en[] = {"We will maintain the free and open international order.",
                                     "  (1) Emergency Grant Aid -- USD 5 million;  ",
                                     "Café, naïve ＡＢＣ and the rules-based order", "", "...", "x"};
    ty__toks t = {0}, sp = {0};
    ty_error err;

    for (int lang = 0; lang < 2; lang++) {
        const size_t nb = sizeof bounds / sizeof *bounds, nn = sizeof norms / sizeof *norms;
        size_t n = lang == TY_LANG_JA ? nb + nn : sizeof en / sizeof *en;
        ty__tokenizer *tk = NULL;
        if (!ty_ok(ty__tokenizer_new((ty_lang)lang, &tk, &err) == TY_OK, "tokenizer %d", lang))
            continue;
        for (size_t k = 0; k < n; k++) {
            const char *text = lang == TY_LANG_EN ? en[k] : k < nb ? bounds[k].text : norms[k - nb][0];
            int ok = ty__tokenize_words(tk, text, strlen(text), &t, &err) == TY_OK &&
                     ty__tokenize_spans(tk, text, strlen(text), &sp, &err) == TY_OK &&
                     same_spans(&t, &sp);
            ty_ok(ok, "spans of '%s': %zu words, as tokenized", text, sp.n);
        }
        ty__tokenizer_free(tk);
    }
    ty__toks_free(&t);
    ty__toks_free(&sp);
}

/* The script flags of words: ASCII words (taken without ICU) have letters when they have a
 * letter or digit and no Japanese flag; others as ICU's properties say. */
#define L TY__TOK_LETTERS
static void test_word_flags(void)
{
    static const struct {
        ty_lang lang;
        const char *text;
        uint32_t flags[4]; /* of its first words */
    } cases[] = {
        {TY_LANG_EN, "Rule 42 of x", {L, L, L, L}},
        {TY_LANG_EN, "café ＡＢ 3.5 e", {L, L, L, L}},
        {TY_LANG_JA, "法の支配",
         {L | TY__TOK_KANJI_START | TY__TOK_KANJI_END | TY__TOK_HAN1,
          TY__TOK_HIRA | TY__TOK_SOME_HIRA | TY__TOK_PARTICLE,
          L | TY__TOK_KANJI_START | TY__TOK_KANJI_END, 0}},
    };
    const uint32_t script = TY__TOK_HIRA | TY__TOK_HAN1 | TY__TOK_PARTICLE | TY__TOK_LETTERS |
                            TY__TOK_SOME_HIRA | TY__TOK_KANJI_START | TY__TOK_KANJI_END |
                            TY__TOK_SURU | TY__TOK_SUFFIX | TY__TOK_LIST_TAIL;
    ty__toks t = {0};
    ty_error err;

    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ty__tokenizer *tk = NULL;
        size_t bad = 0;
        if (ty__tokenizer_new(cases[k].lang, &tk, &err) != TY_OK ||
            ty__tokenize_words(tk, cases[k].text, strlen(cases[k].text), &t, &err) != TY_OK)
            bad = 1;
        for (size_t i = 0; !bad && i < 4; i++)
            if (cases[k].flags[i] && (i >= t.n || (t.v[i].flags & script) != cases[k].flags[i])) {
                ty_diag("%s word %zu: flags %#x", cases[k].text, i, i < t.n ? t.v[i].flags : 0);
                bad++;
            }
        ty_ok(bad == 0, "word flags of %s", cases[k].text);
        ty__tokenizer_free(tk);
    }
    ty__toks_free(&t);
}
#undef L

/* What the tokens' normalized text copies without ICU is what ICU would give: NFKC with case
 * folding maps every kept character past ASCII to itself, and nothing before it composes with
 * it (a boundary before it, so a run of them is its own normalization); every pair of ASCII
 * characters normalizes to the pair, capitals lowered, and has a boundary before it too. */
static void test_kept(void)
{
    UErrorCode e = U_ZERO_ERROR;
    const UNormalizer2 *nf = unorm2_getNFKCCasefoldInstance(&e);
    size_t kept = 0, bad = 0, pairs_bad = 0;

    if (!ty_ok(U_SUCCESS(e), "NFKC casefold instance"))
        return;
    for (UChar32 c = 0x80; c < 0x10000; c++)
        if (ty__norm_kept(c)) {
            UChar in = (UChar)c, out[8];
            int32_t n;
            e = U_ZERO_ERROR;
            n = unorm2_normalize(nf, &in, 1, out, 8, &e);
            kept++;
            bad += U_FAILURE(e) || n != 1 || out[0] != in || !unorm2_hasBoundaryBefore(nf, c);
        }
    ty_ok(kept > 20000 && bad == 0, "kept characters past ASCII: %zu, changed or composing: %zu",
          kept, bad);
    for (UChar x = 0; x < 0x80; x++)
        for (UChar y = 0; y < 0x80; y++) {
            UChar in[2] = {x, y}, out[8], want[2];
            int32_t n;
            e = U_ZERO_ERROR;
            n = unorm2_normalize(nf, in, 2, out, 8, &e);
            want[0] = x >= 'A' && x <= 'Z' ? (UChar)(x + 32) : x;
            want[1] = y >= 'A' && y <= 'Z' ? (UChar)(y + 32) : y;
            pairs_bad += U_FAILURE(e) || n != 2 || out[0] != want[0] || out[1] != want[1] ||
                         ty__norm_kept(x) != !(x >= 'A' && x <= 'Z') ||
                         !unorm2_hasBoundaryBefore(nf, x);
        }
    ty_ok(pairs_bad == 0, "ASCII pairs: capitals lowered, the rest kept, nothing composing (%zu "
          "differ)", pairs_bad);
    ty_ok(!ty__norm_kept(0x3000) && !ty__norm_kept(0x309b) && !ty__norm_kept(0xff21) &&
              !ty__norm_kept(0xf900),
          "ideographic space, spacing dakuten, full-width A, compatibility ideograph: not kept");
}

/* ---- phrases --sort share on a memory of press conferences and encyclopaedia articles ---- */

/* tests/cli/data/phrases-share (see tests/cli/phrases-share.sh): each class of entry a reviewer
 * cannot use, and entries that must stay. */
static const char *const share_docs[] = {"pc1", "pc2", "pc3", "pc4", "pc5",
                                         "wk1", "wk1b", "wk2", "wk3"};

static const struct {
    const char *phrase;
    const char *dominant; /* NULL: the phrase must not be listed */
    int top;              /* 1: among the credible entries before any other; 0: after them */
} share_cases[] = {
    {"山川総理", "Prime Minister Yamakawa", 1}, /* name + title, the English keeps the name */
    {"意見交換", "exchange of views", 1},
    {"新型コロナウイルス", "novel coronavirus", 1},
    {"質疑応答", "Questions and Answers", 1},
    {"特定の宗派", "non-denominational", 1}, /* not the clause two copies of one text share */
    {"江戸時代", "Edo period", 1},
    {"江戸時代後期", "Edo period", 0}, /* 江戸時代's rendering: 後期 is lost */
    {"重要な責務", "one of the Government's most important responsibilities", 0}, /* two
                                                    texts' formula, far longer than the phrase */
    {"田中記者", "Reporter", 0}, /* name + title, the English keeps the title only */
    {"東西新聞", "Reporter", 0},
    {"発生した地震", NULL, 0}, /* a predicate and its noun: a fragment */
    {"テント等", NULL, 0},     /* the tail of a list */
};

typedef struct import_ctx {
    ty_tm_import *imp;
    ty_error *err;
} import_ctx;

static ty_status import_unit(const ty_unit *u, void *ud)
{
    import_ctx *c = ud;
    return ty_tm_import_add(c->imp, u, c->err);
}

static ty_tm *share_memory(const char *path)
{
    const char *top = getenv("top_srcdir");
    ty_tm *tm = NULL;
    ty_error err;

    unlink(path);
    if (ty_tm_open(path, TY_TM_CREATE, &tm, &err) != TY_OK)
        return NULL;
    for (size_t i = 0; i < sizeof share_docs / sizeof *share_docs; i++) {
        char file[4096], name[64];
        ty_tm_docinfo info = {0};
        import_ctx c = {NULL, &err};
        snprintf(file, sizeof file, "%s/tests/cli/data/phrases-share/%s.tmx", top ? top : "..",
                 share_docs[i]);
        snprintf(name, sizeof name, "%s.tmx", share_docs[i]);
        info.name = name;
        info.imported_at = "2024-05-01T00:00:00Z";
        if (ty_tm_import_begin(tm, &info, &c.imp, &err) != TY_OK ||
            ty_tmx_read(file, NULL, import_unit, &c, NULL, &err) != TY_OK ||
            ty_tm_import_commit(c.imp, NULL, &err) != TY_OK) {
            ty_diag("%s: %s", file, err.message);
            ty_tm_close(tm);
            return NULL;
        }
    }
    return tm;
}

static void test_share(void)
{
    char path[] = "/tmp/ty-test-share-XXXXXX";
    int fd = mkstemp(path);
    ty_phrases_opts o;
    ty_phrases *p = NULL;
    ty_tm *tm;
    ty_error err;
    size_t top = 0;

    if (fd < 0)
        return;
    close(fd);
    tm = share_memory(path);
    if (!ty_ok(tm != NULL, "the share memory built")) {
        unlink(path);
        return;
    }
    ty_phrases_opts_init(&o);
    o.order = TY_PHRASES_BY_SHARE;
    o.max_phrases = 0;
    if (ty_ok(ty_phrases_find(tm, &o, &p, &err) == TY_OK, "phrases by share")) {
        for (size_t k = 0; k < sizeof share_cases / sizeof *share_cases; k++)
            top += share_cases[k].top;
        for (size_t k = 0; k < sizeof share_cases / sizeof *share_cases; k++) {
            const ty_phrase_report *r = NULL;
            size_t at = 0;
            for (; at < ty_phrases_count(p); at++)
                if (!strcmp(ty_phrases_get(p, at)->phrase, share_cases[k].phrase)) {
                    r = ty_phrases_get(p, at);
                    break;
                }
            if (!share_cases[k].dominant) {
                ty_ok(r == NULL, "%s: not a phrase", share_cases[k].phrase);
                continue;
            }
            if (!ty_ok(r && r->nrenderings > 0, "%s: listed with a rendering", share_cases[k].phrase))
                continue;
            ty_is_str(r->renderings[0].text, share_cases[k].dominant, "%s: its dominant rendering",
                      share_cases[k].phrase);
            if (share_cases[k].top)
                ty_ok(at < top, "%s: among the first %zu (at %zu)", share_cases[k].phrase, top, at + 1);
            else
                ty_ok(at >= top, "%s: after the credible entries (at %zu)", share_cases[k].phrase,
                      at + 1);
        }
        for (size_t i = 0; i < ty_phrases_count(p); i++) {
            const ty_phrase_report *r = ty_phrases_get(p, i);
            for (size_t j = 0; j < r->nrenderings; j++)
                if (!ty_ok(strncmp(r->renderings[j].text, "First,", 6) &&
                               !strstr(r->renderings[j].text, "independent"),
                           "%s: no rendering opens with a connector or spans a copied clause",
                           r->phrase))
                    ty_diag("rendering: %s", r->renderings[j].text);
        }
        ty_phrases_free(p);
    }
    /* a heading inside a sentence is a use of its rendering, not a copy of the sentence */
    {
        ty_phrase_report *r = NULL;
        if (ty_ok(ty_phrase_report_new(tm, "白砂寺本堂", NULL, &r, &err) == TY_OK, "白砂寺本堂") &&
            ty_ok(r->nrenderings == 1, "白砂寺本堂: one rendering"))
            ty_ok(!strcmp(r->renderings[0].text, "Main Hall of Shirasuna-dera") &&
                      r->renderings[0].share == 1,
                  "白砂寺本堂: Main Hall of Shirasuna-dera in every use (%s, %.2f)",
                  r->renderings[0].text, r->renderings[0].share);
        ty_phrase_report_free(r);
    }
    ty_tm_close(tm);
    unlink(path);
}

/* Every substring of 1 to 16 bytes of every normalized text of the fixture, and needles the
 * sample does not hold: the indexed count equals the whole-sample count, with no unit masked
 * and with the first three masked. */
static void test_background(ty_tm *tm)
{
    ty__phrase_ctx c;
    ty_error e;
    ty__toks t = {0};
    size_t checked = 0, differ = 0, found = 0, masked;
    static const char *const absent[] = {"zqzq", "\xE3\x81", "rule of law.", "ありがとうございましたか"};

    ty_error_clear(&e);
    if (!ty_ok(ty__phrase_ctx_init(&c, tm, NULL, &e) == TY_OK, "phrase context: %s", e.message))
        return;
    for (int lang = 0; lang < 2; lang++) {
        long long none = -1, some[] = {1, 2, 3};
        ty__bg *bg = NULL;
        uint8_t *mask[2] = {NULL, NULL};
        if (!ty_ok(ty__bg_get(&c, (ty_lang)lang, &bg, &e) == TY_OK, "background %d", lang))
            break;
        mask[0] = ty__bg_mask(bg, &none, 1, &masked);
        mask[1] = ty__bg_mask(bg, some, 3, &masked);
        for (size_t u = 0; u < sizeof units / sizeof *units && mask[0] && mask[1]; u++) {
            const char *text = lang == TY_LANG_JA ? units[u].ja : units[u].en;
            if (ty__tokenize_words(c.tk[lang], text, strlen(text), &t, &e) != TY_OK)
                break;
            for (size_t a = 0; a < t.nlen; a++)
                for (size_t n = 1; n <= 16 && a + n <= t.nlen; n++)
                    for (int m = 0; m < 2; m++) {
                        size_t x = ty__bg_substring(bg, t.norm + a, n, mask[m]);
                        differ += x != ty__bg_substring_scan(bg, t.norm + a, n, mask[m]);
                        found += x > 0;
                        checked++;
                    }
        }
        for (size_t k = 0; k < sizeof absent / sizeof *absent && mask[0]; k++) {
            differ += ty__bg_substring(bg, absent[k], strlen(absent[k]), mask[0]) !=
                      ty__bg_substring_scan(bg, absent[k], strlen(absent[k]), mask[0]);
            checked++;
        }
        free(mask[0]);
        free(mask[1]);
    }
    ty_ok(checked > 10000 && found > 0, "background counts checked: %zu (%zu found)", checked,
          found);
    ty_is_int((long long)differ, 0, "indexed background counts equal whole-sample counts");
    ty__toks_free(&t);
    ty__phrase_ctx_done(&c);
}

/* A backend whose `containing` entry answers from the SQLite memory underneath it (the
 * handle's own SQL, the backend taken off while it runs): what ty__units_with and
 * ty__units_with_count make of a backend's rows must equal what the SQLite memory's own
 * searches give, the 1–2 character estimate included. */
static ty_status fake_containing(ty_tm *tm, ty_lang lang, const char *p, size_t n, size_t nchars,
                                 size_t limit,
                                 int (*fn)(void *user, long long id, const char *norm, size_t len),
                                 void *user, ty_error *err);
static const ty__tm_backend fake = {.name = "test", .containing = fake_containing};

static ty_status fake_containing(ty_tm *tm, ty_lang lang, const char *p, size_t n, size_t nchars,
                                 size_t limit,
                                 int (*fn)(void *user, long long id, const char *norm, size_t len),
                                 void *user, ty_error *err)
{
    long long *ids = NULL;
    size_t k = 0;
    ty_status rc;

    (void)nchars;
    tm->be = NULL;
    rc = ty__units_containing(tm, lang, p, n, limit, &ids, &k, err);
    for (size_t i = 0; i < k && rc == TY_OK; i++) {
        sqlite3_stmt *st;
        int v;
        if ((rc = ty__tm_stmt(tm, lang == TY_LANG_JA ? TY__SQL_NORM_JA : TY__SQL_NORM_EN, &st,
                              err)) != TY_OK)
            break;
        sqlite3_bind_int64(st, 1, ids[i]);
        if (sqlite3_step(st) != SQLITE_ROW) {
            rc = TY_ERR_INTERNAL;
            break;
        }
        v = fn(user, ids[i], (const char *)sqlite3_column_text(st, 0),
               (size_t)sqlite3_column_bytes(st, 0));
        sqlite3_reset(st);
        if (v < 0)
            rc = TY_ERR_NOMEM;
        if (v != 0)
            break;
    }
    free(ids);
    tm->be = &fake;
    return rc;
}

static void test_backend_search(ty_tm *tm)
{
    static const struct {
        ty_lang lang;
        const char *s;
    } cases[] = {
        {TY_LANG_JA, "法"}, {TY_LANG_JA, "の"}, {TY_LANG_JA, "。"}, {TY_LANG_JA, "国際"},
        {TY_LANG_JA, "した"}, {TY_LANG_JA, "ま"}, {TY_LANG_JA, "法の支配"}, {TY_LANG_JA, "秩序を"},
        {TY_LANG_JA, "ありがとう"}, {TY_LANG_JA, "存在"}, {TY_LANG_JA, "象"},
        {TY_LANG_EN, "the"}, {TY_LANG_EN, "of"}, {TY_LANG_EN, "th"}, {TY_LANG_EN, "e"},
        {TY_LANG_EN, "."}, {TY_LANG_EN, "rule of law"}, {TY_LANG_EN, "zq"}, {TY_LANG_EN, "a "},
    };
    static const size_t limits[] = {1, 2, 5, 17, 1000};
    size_t checked = 0, differ = 0, nonzero = 0;
    ty_error e;

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        for (size_t j = 0; j < sizeof limits / sizeof *limits; j++) {
            const char *s = cases[i].s;
            size_t n = strlen(s), want = 0, got = 0, nw = 0, ng = 0;
            long long *iw = NULL, *ig = NULL;
            ty_status a, b, c, d;
            a = ty__units_count(tm, cases[i].lang, s, n, limits[j], &want, &e);
            c = ty__units_containing(tm, cases[i].lang, s, n, limits[j], &iw, &nw, &e);
            tm->be = &fake;
            b = ty__units_with_count(tm, cases[i].lang, s, n, limits[j], &got, &e);
            d = ty__units_with(tm, cases[i].lang, s, n, limits[j], &ig, &ng, &e);
            tm->be = NULL;
            if (a != TY_OK || b != TY_OK || c != TY_OK || d != TY_OK || want != got || nw != ng ||
                (nw && memcmp(iw, ig, nw * sizeof *iw))) {
                ty_diag("'%s' limit %zu: count %zu / %zu, ids %zu / %zu", s, limits[j], want, got,
                        nw, ng);
                differ++;
            }
            nonzero += want > 0;
            checked++;
            free(iw);
            free(ig);
        }
    ty_ok(checked == 95 && nonzero > 60, "backend searches checked: %zu (%zu counts above 0)",
          checked, nonzero);
    ty_is_int((long long)differ, 0,
              "a backend's rows give the SQLite memory's counts, estimates and ids");
}

/* ty__units_with_bound: at least the count, the count itself for 1–2 characters and from a
 * backend, and above it for a string whose trigrams are all in a unit that does not hold it
 * ("rule of the order": "rule of law", "of the free", "international order" in one unit). */
static void test_bound(ty_tm *tm)
{
    static const struct {
        ty_lang lang;
        const char *s;
        int exact;
    } cases[] = {
        {TY_LANG_JA, "法", 1},          {TY_LANG_JA, "国際", 1},   {TY_LANG_JA, "法の支配", 0},
        {TY_LANG_JA, "ありがとう", 0},  {TY_LANG_EN, "of", 1},     {TY_LANG_EN, "the", 0},
        {TY_LANG_EN, "rule of law", 0}, {TY_LANG_EN, "zqx", 0},    {TY_LANG_EN, "rule of the order", 0},
    };
    static const size_t limits[] = {1, 3, 1000};
    size_t bad = 0, count = 0, bound = 0;
    int exact = 0, ok;
    ty_error e;

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        for (size_t j = 0; j < sizeof limits / sizeof *limits; j++) {
            const char *s = cases[i].s;
            size_t n = strlen(s);
            if (ty__units_with_count(tm, cases[i].lang, s, n, limits[j], &count, &e) != TY_OK ||
                ty__units_with_bound(tm, cases[i].lang, s, n, limits[j], &bound, &exact, &e) !=
                    TY_OK ||
                bound < count || bound > limits[j] || exact != cases[i].exact ||
                (exact && bound != count)) {
                ty_diag("'%s' limit %zu: count %zu, bound %zu, exact %d", s, limits[j], count,
                        bound, exact);
                bad++;
            }
        }
    ty_is_int((long long)bad, 0, "bounds: at least the count, the count for 1-2 characters");
    ok = ty__units_with_count(tm, TY_LANG_EN, "rule of the order", 17, 1000, &count, &e) ==
             TY_OK &&
         ty__units_with_bound(tm, TY_LANG_EN, "rule of the order", 17, 1000, &bound, &exact, &e) ==
             TY_OK;
    ty_ok(ok && count == 0 && bound >= 1 && !exact, "a bound above the count: %zu > %zu", bound,
          count);
    ok = ty__units_with_count(tm, TY_LANG_EN, "rule of law", 11, 1000, &count, &e) == TY_OK;
    tm->be = &fake;
    ok = ok &&
         ty__units_with_bound(tm, TY_LANG_EN, "rule of law", 11, 1000, &bound, &exact, &e) == TY_OK;
    ty_ok(ok && exact && bound == count && count == 6, "from a backend: the count itself (%zu of %zu)",
          bound, count);
    tm->be = NULL;
}

int main(void)
{
    char path[] = "/tmp/ty-test-phrase-XXXXXX";
    int fd = mkstemp(path);
    ty_tm *tm;

    if (fd < 0)
        return 1;
    close(fd);
    tm = tm_fixture(path, units, sizeof units / sizeof *units);
    if (!ty_ok(tm != NULL, "memory built"))
        return ty_done();
    test_report(tm);
    test_backend_search(tm);
    test_bound(tm);
    test_reverse(tm);
    test_transaction(tm);
    test_absent(tm);
    test_phrases(tm);
    test_background(tm);
    ty_tm_close(tm);
    test_bounds();
    test_kept();
    test_word_flags();
    test_spans();
    test_share();
    unlink(path);
    return ty_done();
}
