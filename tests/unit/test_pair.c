/*
 * test_pair.c — document pairing (src/pair/): the dates a text names, the language of a text
 * by its letters (src/text/script.c), and ty_pair_docs on small archives: translations found
 * whatever the order, a document without counterpart left unpaired, a look-alike (the same
 * text, another date and amount) not taken for a translation, file names as evidence, and bad
 * input refused.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pair/pair.h"
#include "tap.h"

/* ---- dates ---- */

typedef struct date_buf {
    char s[128];
} date_buf;

static void add_date(void *user, int m, int d)
{
    date_buf *g = user;
    size_t n = strlen(g->s);
    snprintf(g->s + n, sizeof g->s - n, "%s%d/%d", n ? " " : "", m, d);
}

static const struct {
    ty_lang lang;
    const char *text, *want;
} dates[] = {
    {TY_LANG_JA, "（令和6年3月8日（金曜日）10時25分）", "3/8"},
    {TY_LANG_JA, "本日３月８日は国際女性デーです。", "3/8"},
    {TY_LANG_JA, "十二月二十一日と五月三日、そして十月十日", "12/21 5/3 10/10"},
    {TY_LANG_JA, "3月下旬に開催します。", ""},
    {TY_LANG_JA, "13月1日、2月32日", ""},
    {TY_LANG_JA, "毎月1日", ""},
    {TY_LANG_EN, "Friday, March 8, 2024, 10:25 a.m.", "3/8"},
    {TY_LANG_EN, "on 21 May and Sept. 3rd", "5/21 9/3"},
    {TY_LANG_EN, "It may be 5 people.", ""},
    {TY_LANG_EN, "in March 2024 and on May 2.5", ""},
    {TY_LANG_EN, "Dec 31 and 1 Jan", "12/31 1/1"},
};

static void test_dates(void)
{
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        date_buf g = {{0}};
        ty__pair_dates(dates[i].lang, dates[i].text, strlen(dates[i].text), add_date, &g);
        ty_is_str(g.s, dates[i].want, "dates: %s", dates[i].text);
    }
}

/* ---- the language of a text ---- */

static const struct {
    const char *text;
    int ok;
    ty_lang lang;
} langs[] = {
    {"日本国民は、正当に選挙された国会における代表者を通じて行動し、", 1, TY_LANG_JA},
    {"WPSに関する我が国の第3次行動計画の策定に向けて、有識者会合を立ち上げます。", 1, TY_LANG_JA},
    {"We, the Japanese people, acting through our duly elected representatives.", 1, TY_LANG_EN},
    {"The Minister met 上川 in Tokyo and discussed the G7 agenda at length.", 1, TY_LANG_EN},
    {"1234 5678 !!!", 0, TY_LANG_JA},
    {"", 0, TY_LANG_JA},
    {"Здравствуйте, как дела? Всё хорошо.", 0, TY_LANG_JA},
};

static void test_langs(void)
{
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        ty_script_counts c;
        ty_lang l = TY_LANG_JA;
        double share = -1;
        int rc;
        ty_script_count(langs[i].text, strlen(langs[i].text), &c);
        rc = ty_lang_guess(&c, &l, &share);
        if (langs[i].ok)
            ty_ok(rc == 0 && l == langs[i].lang, "language of: %s", langs[i].text);
        else
            ty_ok(rc == -1, "no language for: %s", langs[i].text);
        ty_ok(share >= 0 && share <= 1, "its Japanese share is in [0, 1]: %.3f", share);
    }
}

/* ---- pairing ---- */

/* A press conference of one series: the same text, its own date, time and amount. */
static void conference(char *buf, size_t size, ty_lang lang, int month, int day, int amount)
{
    static const char *const months[] = {"January", "February", "March", "April", "May", "June",
                                         "July", "August", "September", "October", "November",
                                         "December"};
    if (lang == TY_LANG_JA)
        snprintf(buf, size,
                 "外務大臣会見記録\n\n（令和6年%d月%d日（金曜日）10時%02d分　於：本省会見室）\n\n"
                 "【外務大臣】本日、国際機関を通じて%d万ドルの緊急無償資金協力を実施することを決定"
                 "しました。被災者の皆様に心からお見舞い申し上げます。\n\n"
                 "【記者】ウクライナ情勢について伺います。今後の支援の方針をお聞かせください。\n\n"
                 "【外務大臣】我が国はG7と連携し、引き続き支援を行ってまいります。\n",
                 month, day, day, amount);
    else
        snprintf(buf, size,
                 "Press Conference by the Foreign Minister\n\n%s %d, 2024, 10:%02d a.m. Ministry "
                 "of Foreign Affairs\n\nMinister: Today the Government of Japan decided to extend "
                 "Emergency Grant Aid of %d0,000 U.S. dollars through international "
                 "organizations. I would like to express my sympathies to those affected.\n\n"
                 "Reporter: I would like to ask about the situation in Ukraine. What is your "
                 "policy on further support?\n\n"
                 "Minister: Japan will continue to provide support in cooperation with the G7.\n",
                 months[month - 1], day, day, amount);
}

static ty_pair_doc *make_doc(ty_pair_extractor *x, ty_segmenter *seg, const char *text,
                             const char *name)
{
    ty_text *t = NULL;
    ty_doc *d = NULL;
    ty_pair_doc *p = NULL;
    ty_error e;
    if (ty_text_decode(text, strlen(text), name, NULL, &t, &e) != TY_OK ||
        ty_segment_text(seg, t, &d, &e) != TY_OK || ty_pair_doc_new(x, d, name, &p, &e) != TY_OK)
        ty_diag("%s: %s", name, e.message);
    ty_doc_free(d);
    ty_text_free(t);
    return p;
}

/* The English partner of each Japanese document (index, or -1), from a pairing. */
static void partners(const ty_pairing *p, long *out, size_t nja)
{
    for (size_t j = 0; j < nja; j++)
        out[j] = -2;
    for (size_t i = 0; i < ty_pairing_count(p); i++) {
        const ty_doc_pair *d = ty_pairing_get(p, i);
        if (d->ja >= 0)
            out[d->ja] = d->en;
    }
}

static void test_pairing(void)
{
    /* five conferences; Japanese 0-4 are conferences 0-4, English 0-3 are conferences 3, 1, 0,
     * 2 (4 has none, and English 4 is a sixth conference whose Japanese is missing) */
    static const int when[6][3] = {{3, 8, 200}, {3, 15, 350}, {5, 21, 120},
                                   {7, 9, 480},  {10, 3, 260}, {11, 17, 90}};
    static const int en_of[5] = {3, 1, 0, 2, 5};
    ty_segmenter *js = NULL, *es = NULL;
    ty_pair_extractor *x = NULL;
    ty_pair_doc *ja[5], *en[5];
    ty_pairing *p = NULL;
    ty_pair_opts o;
    ty_error e;
    long got[5];
    char buf[2048], name[32];

    if (ty_segmenter_new(TY_LANG_JA, &js, &e) || ty_segmenter_new(TY_LANG_EN, &es, &e) ||
        ty_pair_extractor_new(NULL, &x, &e)) {
        ty_ok(0, "open: %s", e.message);
        return;
    }
    for (int i = 0; i < 5; i++) {
        conference(buf, sizeof buf, TY_LANG_JA, when[i][0], when[i][1], when[i][2]);
        snprintf(name, sizeof name, "j%d.txt", i);
        ja[i] = make_doc(x, js, buf, name);
        const int *c = when[en_of[i]];
        conference(buf, sizeof buf, TY_LANG_EN, c[0], c[1], c[2]);
        snprintf(name, sizeof name, "e%d.txt", i);
        en[i] = make_doc(x, es, buf, name);
    }
    ty_pair_opts_init(&o);
    ty_ok(ty_pair_docs((const ty_pair_doc *const *)ja, 5, (const ty_pair_doc *const *)en, 5, &o,
                       &p, &e) == TY_OK,
          "pair five look-alike conferences");
    partners(p, got, 5);
    ty_is_int(got[0], 2, "conference of March 8 finds its English among look-alikes");
    ty_is_int(got[1], 1, "March 15");
    ty_is_int(got[2], 3, "May 21");
    ty_is_int(got[3], 0, "July 9");
    ty_is_int(got[4], -1, "October 3 has no English: unpaired, not its look-alike of Nov 17");
    ty_is_int((long long)ty_pairing_count(p), 6, "four pairs and two unpaired documents");
    {
        const ty_doc_pair *last = ty_pairing_get(p, 5);
        ty_ok(last && last->ja == -1 && last->en == 4 && last->score == 0,
              "the unpaired English document is listed last, score 0");
        const ty_doc_pair *first = ty_pairing_get(p, 0);
        ty_ok(first && first->score > 0 && first->score <= 1, "a pair's score is in (0, 1]: %g",
              first ? first->score : -1);
    }
    ty_pairing_free(p);
    p = NULL;

    /* the languages swapped: refused */
    ty_ok(ty_pair_docs((const ty_pair_doc *const *)en, 5, (const ty_pair_doc *const *)ja, 5, &o,
                       &p, &e) == TY_ERR_INVALID && !p,
          "English documents among the Japanese ones: TY_ERR_INVALID");
    o.min_score = 2;
    ty_ok(ty_pair_docs((const ty_pair_doc *const *)ja, 5, (const ty_pair_doc *const *)en, 5, &o,
                       &p, &e) == TY_ERR_INVALID,
          "min_score out of range: TY_ERR_INVALID (%s)", e.message);
    ty_pair_opts_init(&o);
    ty_ok(ty_pair_docs(NULL, 0, NULL, 0, &o, &p, &e) == TY_OK && ty_pairing_count(p) == 0,
          "an empty archive pairs nothing");
    ty_pairing_free(p);
    p = NULL;
    for (int i = 0; i < 5; i++) {
        ty_pair_doc_free(ja[i]);
        ty_pair_doc_free(en[i]);
    }

    /* file names: two documents with no text evidence but a shared date in their names */
    {
        const char *jt = "これは説明の文章です。特に数字はありません。", *et =
                             "This is an explanatory text. It has no numbers at all.";
        ty_pair_doc *j2[2], *e2[2];
        j2[0] = make_doc(x, js, jt, "p_20240112.txt");
        j2[1] = make_doc(x, js, jt, "p_20240305.txt");
        e2[0] = make_doc(x, es, et, "statement-0305.txt");
        e2[1] = make_doc(x, es, et, "statement-0112.txt");
        ty_ok(ty_pair_docs((const ty_pair_doc *const *)j2, 2, (const ty_pair_doc *const *)e2, 2,
                           &o, &p, &e) == TY_OK,
              "pair by file names");
        partners(p, got, 2);
        ty_ok(got[0] == 1 && got[1] == 0, "p_20240112 <-> statement-0112, p_20240305 <-> "
                                          "statement-0305 (%ld, %ld)", got[0], got[1]);
        ty_pairing_free(p);
        p = NULL;
        o.use_names = 0;
        ty_ok(ty_pair_docs((const ty_pair_doc *const *)j2, 2, (const ty_pair_doc *const *)e2, 2,
                           &o, &p, &e) == TY_OK,
              "the same without names");
        partners(p, got, 2);
        ty_ok(got[0] == -1 && got[1] == -1, "identical texts without names: nothing is guessed");
        ty_pairing_free(p);
        for (int i = 0; i < 2; i++) {
            ty_pair_doc_free(j2[i]);
            ty_pair_doc_free(e2[i]);
        }
    }
    ty_pair_extractor_free(x);
    ty_segmenter_free(js);
    ty_segmenter_free(es);
}

int main(void)
{
    test_dates();
    test_langs();
    test_pairing();
    return ty_done();
}
