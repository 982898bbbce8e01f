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

#include "consistency.h"
#include "tap.h"

typedef struct tu {
    const char *doc, *ja, *en;
} tu;

/* The phrase, rendered in docs a-d as R1, in e-f as R2, paraphrased in g. */
#define R1 "free and open international order based on the rule of law"
#define R2 "free and open international order grounded in the rule of law"
static const tu units[] = {
    {"a", "本日の会見を始めます。", "Let me begin today's press conference."},
    {"a", "我々は、法の支配に基づく自由で開かれた国際秩序を維持・強化していきます。",
     "We will maintain and strengthen the " R1 "."},
    {"a", "外務大臣はワシントンを訪問しました。",
     "The Minister for Foreign Affairs visited Washington."},
    {"a", "ありがとうございました。", "Thank you."},
    {"b", "日本は、法の支配に基づく自由で開かれた国際秩序の実現に向けて、G7と緊密に連携します。",
     "Japan will work closely with the G7 toward realizing a " R1 "."},
    {"b", "外務大臣は会談の成果を説明しました。",
     "The Minister for Foreign Affairs explained the results of the talks."},
    {"b", "次の質問をどうぞ。", "Next question, please."},
    {"c", "法の支配に基づく自由で開かれた国際秩序を守るため、各国と協力します。",
     "We will cooperate with other countries to uphold the " R1 "."},
    {"c", "外務大臣はこの問題について記者の質問に答えました。",
     "The Minister for Foreign Affairs answered a question from the press on this issue."},
    {"c", "ありがとうございました。", "Thank you very much."},
    {"d", "首脳は、法の支配に基づく自由で開かれた国際秩序の重要性を確認しました。",
     "The leaders confirmed the importance of the " R1 "."},
    {"d", "会談は和やかな雰囲気の中で行われました。",
     "The talks were held in a friendly atmosphere."},
    {"e", "大臣は、法の支配に基づく自由で開かれた国際秩序を堅持する決意を表明しました。",
     "The Minister expressed determination to uphold a " R2 "."},
    {"e", "外務大臣は記者会見を行いました。",
     "The Minister for Foreign Affairs held a press conference."},
    {"f", "両国は、法の支配に基づく自由で開かれた国際秩序を共に守っていきます。",
     "Both countries will defend the " R2 " together."},
    {"f", "詳細は後ほど発表します。", "The details will be announced later."},
    {"g", "法の支配に基づく自由で開かれた国際秩序への挑戦は容認できません。",
     "Challenges to the rules-based international order are unacceptable."},
    {"g", "以上です。", "That is all."},
};

static ty_tm *build(const char *path)
{
    ty_tm *tm = NULL;
    ty_error err;
    size_t n = sizeof units / sizeof *units;

    unlink(path);
    if (ty_tm_open(path, TY_TM_CREATE, &tm, &err) != TY_OK) {
        ty_diag("open: %s", err.message);
        return NULL;
    }
    for (size_t i = 0; i < n;) {
        ty_unit v[8];
        ty_tm_docinfo info = {0};
        size_t k = 0;
        memset(v, 0, sizeof v);
        info.name = units[i].doc;
        info.imported_at = "2024-05-01T00:00:00Z";
        while (i < n && !strcmp(units[i].doc, info.name)) {
            v[k].ja = units[i].ja;
            v[k].en = units[i].en;
            v[k].confidence = 0.99;
            k++;
            i++;
        }
        if (ty_tm_add_units(tm, &info, v, k, NULL, &err) != TY_OK) {
            ty_diag("add: %s", err.message);
            ty_tm_close(tm);
            return NULL;
        }
    }
    return tm;
}

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

int main(void)
{
    char path[] = "/tmp/ty-test-phrase-XXXXXX";
    int fd = mkstemp(path);
    ty_tm *tm;

    if (fd < 0)
        return 1;
    close(fd);
    tm = build(path);
    if (!ty_ok(tm != NULL, "memory built"))
        return ty_done();
    test_report(tm);
    test_reverse(tm);
    test_absent(tm);
    ty_tm_close(tm);
    unlink(path);
    return ty_done();
}
