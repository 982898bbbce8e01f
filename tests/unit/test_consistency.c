/*
 * test_consistency.c — ty_consistency_check on hand-made memories: one Japanese text with two
 * English renderings (and one that differs only in case and spacing, which is no finding), one
 * English text for two Japanese texts, a table of number pairs across scripts (千人 / 1,000,
 * full-width digits, eight / 八つ, 令和6年 / 2024, FY2024, G7 …) with the findings expected,
 * low-confidence occurrences, the --document filter, the check-kind parser and bad input.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tm_fixture.h"

/* The findings as lines: "KIND|detail", collected by the callback. */
typedef struct collected {
    char lines[64][512];
    size_t n;
} collected;

static void append(char *buf, size_t cap, const char *s)
{
    strncat(buf, s, cap - strlen(buf) - 1);
}

static ty_status collect(const ty_check_finding *f, void *userdata)
{
    collected *c = userdata;
    char *line;
    char tmp[64];

    if (c->n == 64)
        return TY_ERR_INTERNAL;
    line = c->lines[c->n++];
    snprintf(line, 512, "%s", ty_check_kind_name(f->kind));
    if (f->kind == TY_CHECK_SAME_JA || f->kind == TY_CHECK_SAME_EN) {
        for (size_t i = 0; i < f->nunits; i++) {
            const ty_tm_entry *e = &f->units[i];
            snprintf(tmp, sizeof tmp, "|%zu:", f->rendering[i]);
            append(line, 512, tmp);
            append(line, 512, f->kind == TY_CHECK_SAME_JA ? e->en : e->ja);
            for (size_t o = 0; o < e->nocc; o++) {
                snprintf(tmp, sizeof tmp, "%s%s:%lld", o ? "," : "@", e->occ[o].document,
                         e->occ[o].position);
                append(line, 512, tmp);
            }
        }
    } else if (f->kind == TY_CHECK_NUMBERS) {
        for (size_t i = 0; i < f->nnumbers; i++) {
            snprintf(tmp, sizeof tmp, "|%s:", f->numbers[i].lang == TY_LANG_JA ? "ja" : "en");
            append(line, 512, tmp);
            append(line, 512, f->numbers[i].text);
        }
    } else {
        const ty_tm_entry *e = &f->units[0];
        for (size_t o = 0; o < e->nocc; o++) {
            snprintf(tmp, sizeof tmp, "|%s:%lld:%.2f", e->occ[o].document, e->occ[o].position,
                     e->occ[o].confidence);
            append(line, 512, tmp);
        }
    }
    return TY_OK;
}

static const tu same_units[] = {
    {"a", "ありがとうございました。", "Thank you.", 0.9},
    {"a", "次の質問をどうぞ。", "Next question, please.", 0.9},
    {"b", "ありがとうございました。", "Thank you very much.", 0.9},
    {"c", "ありがとうございました。", "Thank you.", 0.9},
    {"c", "ありがとうございます。", "Thank you.", 0.9},
    {"d", "次の質問をどうぞ。", "next  question, please.", 0.9},   /* same once normalized */
    {"d", "ありがとうございました｡", "Thank you very much.", 0.9}, /* ｡ is 。 once normalized */
};

static void test_same(void)
{
    char path[] = "/tmp/ty-test-cons-XXXXXX";
    int fd = mkstemp(path);
    ty_tm *tm;
    ty_check_opts o;
    ty_check_counts counts;
    collected c = {0};
    ty_error err;

    if (fd < 0)
        return;
    close(fd);
    tm = tm_fixture(path, same_units, sizeof same_units / sizeof *same_units);
    if (!ty_ok(tm != NULL, "memory for same-text checks"))
        return;
    ty_check_opts_init(&o);
    o.checks = (1u << TY_CHECK_SAME_JA) | (1u << TY_CHECK_SAME_EN);
    ty_ok(ty_consistency_check(tm, &o, collect, &c, &counts, &err) == TY_OK, "check runs");
    ty_is_int((long long)c.n, 2, "two findings");
    /* the renderings by uses: "Thank you." twice (a, c), "Thank you very much." twice (b, d):
     * a tie, broken by the order added */
    ty_is_str(c.lines[0],
              "same-ja|0:Thank you.@a:0,c:0|1:Thank you very much.@b:0|1:Thank you very much.@d:1",
              "same Japanese, two renderings, every unit and provenance");
    ty_is_str(c.lines[1], "same-en|0:ありがとうございました。@a:0,c:0|1:ありがとうございます。@c:1",
              "same English, two Japanese");
    ty_is_int((long long)counts.findings[TY_CHECK_SAME_JA], 1, "count same-ja");
    ty_is_int((long long)counts.findings[TY_CHECK_SAME_EN], 1, "count same-en");
    ty_is_int((long long)counts.units, 6, "units examined (a and c share one)");

    /* --document d: the finding about ありがとうございました。 involves d; nothing else does */
    memset(&c, 0, sizeof c);
    o.document = "d";
    ty_ok(ty_consistency_check(tm, &o, collect, &c, &counts, &err) == TY_OK, "check --document");
    ty_is_int((long long)c.n, 1, "one finding involves d");
    ty_ok(c.n == 1 && !strncmp(c.lines[0], "same-ja|", 8), "the same-ja one, with all its units");
    o.document = "a";
    memset(&c, 0, sizeof c);
    ty_consistency_check(tm, &o, collect, &c, &counts, &err);
    ty_is_int((long long)c.n, 2, "both findings involve a");
    o.document = "nowhere";
    ty_is_int(ty_consistency_check(tm, &o, collect, &c, &counts, &err), TY_ERR_NOTFOUND,
              "an unknown document is an error");
    ty_ok(strstr(err.message, "nowhere") != NULL, "naming it: %s", err.message);
    ty_tm_close(tm);
    unlink(path);
}

/* Number pairs and what the check should say ("" = nothing). */
static const struct {
    const char *ja, *en, *want;
} numbers[] = {
    {"参加者は千人でした。", "There were 1,000 participants.", ""},
    {"参加者は１，０００人でした。", "There were 1,000 participants.", ""},
    {"会議は八つの議題を扱った。", "The meeting covered eight topics.", ""},
    {"8人が出席した。", "Eight people attended.", ""},
    {"令和6年に開催された。", "It was held in 2024.", ""},
    {"3月に訪問した。", "He visited in March.", ""},
    {"午後3時に始まった。", "It began at 3 p.m.", ""},
    {"15時47分に終わった。", "It ended at 3:47 p.m.", ""},
    {"300万ドルを拠出した。", "We provided 3 million dollars.", ""},
    {"2.5％増えた。", "It rose by 2.5 percent.", ""},
    {"一人ひとりが大切だ。", "Each person matters.", ""},
    {"2024年度予算が成立した。", "The FY2024 budget passed.", ""},
    {"G7首脳が集まった。", "The G7 leaders met.", ""},
    {"寛元2年（1244年）に開く。", "It was founded in 1244.", ""},
    {"会議は15日に開催されます。", "The meeting will be held next week.", "numbers|ja:15"},
    {"閣僚は会談しました。", "The ministers met for two hours.", "numbers|en:two"},
    {"支援額は300万ドルです。", "The assistance amounts to 2 million dollars.",
     "numbers|ja:300万|en:2 million"},
    {"全角の１２３４人。", "About 1,235 people.", "numbers|en:1,235|ja:１２３４"},
};

static void test_numbers(void)
{
    char path[] = "/tmp/ty-test-cons-XXXXXX";
    size_t n = sizeof numbers / sizeof *numbers;
    tu *units = calloc(n, sizeof *units);
    int fd = mkstemp(path);
    ty_tm *tm = NULL;
    ty_check_opts o;
    collected c = {0};
    ty_error err;
    size_t k = 0;

    if (fd < 0 || !units) {
        free(units);
        return;
    }
    close(fd);
    for (size_t i = 0; i < n; i++) {
        units[i].doc = "n";
        units[i].ja = numbers[i].ja;
        units[i].en = numbers[i].en;
        units[i].confidence = 0.9;
    }
    tm = tm_fixture(path, units, n);
    if (!ty_ok(tm != NULL, "memory for number checks"))
        goto done;
    ty_check_opts_init(&o);
    o.checks = 1u << TY_CHECK_NUMBERS;
    ty_ok(ty_consistency_check(tm, &o, collect, &c, NULL, &err) == TY_OK, "number check runs");
    /* findings come in the order the units were added: match them to the table */
    for (size_t i = 0; i < n; i++) {
        if (!*numbers[i].want)
            continue;
        if (k < c.n) {
            /* the order of numbers inside one finding follows the keys: accept either order */
            int same = !strcmp(c.lines[k], numbers[i].want);
            if (!same && strchr(numbers[i].want + 8, '|')) {
                char swapped[256];
                const char *a = numbers[i].want + 8, *bar = strchr(a, '|');
                snprintf(swapped, sizeof swapped, "numbers|%s|%.*s", bar + 1, (int)(bar - a), a);
                same = !strcmp(c.lines[k], swapped);
            }
            ty_ok(same, "%s / %s: %s (got %s)", numbers[i].ja, numbers[i].en, numbers[i].want,
                  c.lines[k]);
        } else {
            ty_ok(0, "%s: missing finding %s", numbers[i].ja, numbers[i].want);
        }
        k++;
    }
    ty_is_int((long long)c.n, (long long)k, "no other number finding (no false alarm)");
    for (size_t i = k; i < c.n; i++)
        ty_diag("unexpected: %s", c.lines[i]);
done:
    ty_tm_close(tm);
    unlink(path);
    free(units);
}

static const tu conf_units[] = {
    {"a", "一つ目の文。", "The first sentence.", 0.95},
    {"a", "二つ目の文。", "The second sentence.", 0.31},
    {"b", "二つ目の文。", "The second sentence.", 0.8}, /* the same pair, confident here */
    {"b", "三つ目の文。", "The third sentence.", 0.49},
    {"b", "信頼度の不明な文。", "A sentence of unknown confidence.", -1},
};

static void test_confidence(void)
{
    char path[] = "/tmp/ty-test-cons-XXXXXX";
    int fd = mkstemp(path);
    ty_tm *tm;
    ty_check_opts o;
    collected c = {0};
    ty_error err;

    if (fd < 0)
        return;
    close(fd);
    tm = tm_fixture(path, conf_units, sizeof conf_units / sizeof *conf_units);
    if (!ty_ok(tm != NULL, "memory for confidence checks"))
        return;
    ty_check_opts_init(&o);
    o.checks = 1u << TY_CHECK_CONFIDENCE;
    ty_ok(ty_consistency_check(tm, &o, collect, &c, NULL, &err) == TY_OK, "confidence check");
    ty_is_int((long long)c.n, 2, "two low-confidence units");
    ty_is_str(c.lines[0], "confidence|a:1:0.31", "only the low occurrence of a repeated pair");
    ty_is_str(c.lines[1], "confidence|b:1:0.49", "just below the threshold");
    memset(&c, 0, sizeof c);
    o.min_confidence = 0.3;
    ty_consistency_check(tm, &o, collect, &c, NULL, &err);
    ty_is_int((long long)c.n, 0, "threshold 0.3: none");
    o.min_confidence = 1.5;
    ty_is_int(ty_consistency_check(tm, &o, collect, &c, NULL, &err), TY_ERR_INVALID,
              "a threshold above 1 is refused");
    ty_tm_close(tm);
    unlink(path);
}

static void test_kinds(void)
{
    unsigned mask = 0;
    ty_error err;

    ty_ok(ty_check_kinds_parse("numbers,confidence", &mask, &err) == TY_OK &&
              mask == ((1u << TY_CHECK_NUMBERS) | (1u << TY_CHECK_CONFIDENCE)),
          "parse numbers,confidence");
    ty_ok(ty_check_kinds_parse("all", &mask, &err) == TY_OK && mask == 15, "parse all");
    ty_is_int(ty_check_kinds_parse("numbers,bogus", &mask, &err), TY_ERR_INVALID,
              "an unknown kind is refused");
    ty_ok(strstr(err.message, "bogus") != NULL, "and named");
    ty_is_int(ty_check_kinds_parse("", &mask, &err), TY_ERR_INVALID, "an empty list is refused");
    ty_is_str(ty_check_kind_name(TY_CHECK_SAME_EN), "same-en", "kind names");
    ty_ok(ty_check_kind_name((ty_check_kind)9) == NULL, "no name for a bad kind");
}

int main(void)
{
    test_same();
    test_numbers();
    test_confidence();
    test_kinds();
    return ty_done();
}
