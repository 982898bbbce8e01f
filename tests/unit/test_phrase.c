/*
 * test_phrase.c — phrase-rendering reports (ty_phrase_report_new) and phrase discovery
 * (ty_phrases_find) on a hand-made memory: seven documents render 法の支配に基づく自由で開かれた
 * 国際秩序 — four the same way, two with a variant, one with a paraphrase — among everyday
 * sentences, so the dominant rendering, the variant, their shares and the deviating use are
 * known exactly. Also the reverse direction (--from en), a phrase that is not there, word
 * boundaries for English, and the tokenizer's phrase boundaries.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    /* the normalized stream: full-width letters and digits fold, the words keep their spans */
    if (ty__tokenize_words(tk, "ＧＤＰは２％増", strlen("ＧＤＰは２％増"), &t, &err) == TY_OK)
        ty_is_str(t.norm, "gdpは2%増", "normalized words and gaps");
    ty__toks_free(&t);
    ty__tokenizer_free(tk);
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
    test_reverse(tm);
    test_absent(tm);
    test_phrases(tm);
    ty_tm_close(tm);
    test_bounds();
    unlink(path);
    return ty_done();
}
