/*
 * test_doc.c — table-driven tests of the document model (src/segment/doc.c): ty_doc_from_lines
 * (one segment per line, blank lines between paragraphs, CRLF/CR, byte-exact text, spans,
 * kinds, normalized copies), ty_doc_join in both languages, the accessors on NULL, and
 * ty_lang_parse. Segmentation itself is tested in test_segment.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "taiyaku.h"
#include "tap.h"

typedef struct lcase {
    const char *name;
    ty_lang lang;
    const char *in;
    const char *want;     /* segments, " | " between them, " || " between paragraphs */
    const char *kinds;    /* one letter per segment: s(entence) or l(ine) */
    const char *spans;    /* "start-end" per segment, space separated */
    size_t paragraphs;
} lcase;

static const lcase cases[] = {
    {"one line", TY_LANG_EN, "Hello.", "Hello.", "s", "0-6", 1},
    {"lines and paragraphs", TY_LANG_EN, "Title\nA sentence.\n\nB (x).\n", 
     "Title | A sentence. || B (x).", "lss", "0-5 6-17 19-25", 2},
    {"blank lines of white space, several in a row", TY_LANG_JA,
     "見出し\n \t\n\u3000\n\n本文です。", "見出し || 本文です。", "ls", "0-9 18-33", 2},
    {"CRLF", TY_LANG_EN, "A.\r\nB\r\n\r\nC.\r\n", "A. | B || C.", "sls", "0-2 4-5 9-11", 2},
    {"CR", TY_LANG_EN, "A.\rB\r\rC.", "A. | B || C.", "sls", "0-2 3-4 6-8", 2},
    {"text kept byte-exact, spaces included", TY_LANG_EN, "  two  spaces. \nx",
     "  two  spaces.  | x", "sl", "0-15 16-17", 1},
    {"leading blank lines", TY_LANG_EN, "\n\n\nA.", "A.", "s", "3-5", 1},
    {"empty input", TY_LANG_EN, "", "", "", "", 0},
    {"only blank lines", TY_LANG_JA, "\n\r\n \n", "", "", "", 0},
    {"closing quote after the period", TY_LANG_JA, "「行こう。」\n（1）見出し",
     "「行こう。」 | （1）見出し", "sl", "0-18 19-35", 1},
};

static char *render(const ty_doc *doc, char *kinds, char *spans, size_t spans_size)
{
    size_t n = ty_doc_count(doc), cap = 16, o = 0;
    char *out;

    for (size_t i = 0; i < n; i++)
        cap += ty_doc_segment(doc, i)->len + 4;
    if (!(out = malloc(cap)))
        return NULL;
    out[0] = spans[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const ty_segment *s = ty_doc_segment(doc, i);
        if (i > 0)
            strcat(out, s->paragraph != ty_doc_segment(doc, i - 1)->paragraph ? " || " : " | ");
        strncat(out, s->text, s->len);
        kinds[i] = s->kind == TY_SEG_LINE ? 'l' : 's';
        o += (size_t)snprintf(spans + o, spans_size - o, "%s%zu-%zu", i ? " " : "", s->start,
                              s->end);
    }
    kinds[n] = '\0';
    return out;
}

static void test_from_lines(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const lcase *c = &cases[i];
        ty_doc *doc = NULL;
        ty_error e;
        char kinds[64], spans[256], *got;

        ty_is_int(ty_doc_from_lines(c->lang, c->in, strlen(c->in), "lines", &doc, &e), TY_OK,
                  "%s: ok", c->name);
        got = render(doc, kinds, spans, sizeof spans);
        ty_is_str(got, c->want, "%s: segments", c->name);
        ty_is_str(kinds, c->kinds, "%s: kinds", c->name);
        ty_is_str(spans, c->spans, "%s: spans", c->name);
        ty_is_int((long long)ty_doc_paragraphs(doc), (long long)c->paragraphs,
                  "%s: paragraphs", c->name);
        free(got);
        ty_doc_free(doc);
    }
}

static void test_fields(void)
{
    static const char in[] = "ＡＢＣ　Ｄです。\nHello  World.";
    ty_doc *doc = NULL;
    ty_error e;
    const ty_segment *s;

    ty_doc_from_lines(TY_LANG_JA, in, sizeof in - 1, "f.txt", &doc, &e);
    s = ty_doc_segment(doc, 0);
    ty_is_str(s ? s->norm : NULL, "abc dです。", "norm: NFKC, case folded, space folded");
    ty_ok(s && s->norm_len == strlen("abc dです。"), "norm_len");
    ty_ok(s && s->text[s->len] == '\0' && s->norm[s->norm_len] == '\0', "NUL-terminated");
    s = ty_doc_segment(doc, 1);
    ty_is_str(s ? s->norm : NULL, "hello world.", "norm of an English line");
    ty_ok(s && s->label == NULL && s->label_len == 0, "no label in pre-split lines");
    ty_is_str(ty_doc_name(doc), "f.txt", "name kept");
    ty_is_int(ty_doc_lang(doc), TY_LANG_JA, "language kept");
    ty_doc_free(doc);

    /* NUL bytes are text like any other */
    ty_doc_from_lines(TY_LANG_EN, "a\0b\nc", 5, NULL, &doc, &e);
    s = ty_doc_segment(doc, 0);
    ty_ok(s && s->len == 3 && !memcmp(s->text, "a\0b", 3), "a NUL byte is kept in its line");
    ty_is_str(ty_doc_name(doc), "", "no name gives \"\"");
    ty_doc_free(doc);
}

/* The norm arena grows (NFKC doubles ㍻ into 平成) while other segments share their text. */
static void test_norm_growth(void)
{
    size_t n = 3000, ok = 0;
    char *in = malloc(n * 11), *p = in;
    ty_doc *doc = NULL;
    ty_error e;

    if (!in) {
        ty_ok(0, "norm growth: out of memory");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const char *line = i % 3 ? "\xE3\x8D\xBB\n" /* ㍻ */ : "\xE3\x81\x82\n" /* あ */;
        memcpy(p, line, 4);
        p += 4;
    }
    ty_is_int(ty_doc_from_lines(TY_LANG_JA, in, (size_t)(p - in), NULL, &doc, &e), TY_OK,
              "norm growth: ok");
    for (size_t i = 0; i < ty_doc_count(doc); i++) {
        const ty_segment *s = ty_doc_segment(doc, i);
        const char *want = i % 3 ? "\xE5\xB9\xB3\xE6\x88\x90" /* 平成 */ : "\xE3\x81\x82";
        ok += strcmp(s->norm, want) == 0 && s->norm_len == strlen(want) &&
              (i % 3 ? s->norm != s->text : s->norm == s->text);
    }
    ty_is_int((long long)ok, (long long)n, "norm growth: every norm right after the arena moved");
    ty_doc_free(doc);
    free(in);
}

static void test_join(void)
{
    static const char in[] = "One.\nTwo.\n\nThree.";
    static const char in_ja[] = "一つ。\n二つ。\n\n三つ。";
    ty_doc *doc = NULL;
    ty_error e;
    char *j;

    ty_doc_from_lines(TY_LANG_EN, in, sizeof in - 1, NULL, &doc, &e);
    ty_is_str(j = ty_doc_join(doc, 0, 3), "One. Two. Three.", "join en: a space");
    free(j);
    ty_is_str(j = ty_doc_join(doc, 1, 1), "Two.", "join en: one segment");
    free(j);
    ty_is_str(j = ty_doc_join(doc, 2, 0), "", "join en: count 0 gives \"\"");
    free(j);
    ty_is_str(j = ty_doc_join(doc, 1, 99), "Two. Three.", "join en: count past the end");
    free(j);
    ty_is_str(j = ty_doc_join(doc, 7, 2), "", "join en: first past the end");
    free(j);
    ty_doc_free(doc);

    ty_doc_from_lines(TY_LANG_JA, in_ja, sizeof in_ja - 1, NULL, &doc, &e);
    ty_is_str(j = ty_doc_join(doc, 0, 3), "一つ。二つ。三つ。", "join ja: nothing between");
    free(j);
    ty_doc_free(doc);
}

static void test_null_and_lang(void)
{
    ty_lang l = TY_LANG_JA;

    ty_doc_free(NULL);
    ty_ok(ty_doc_count(NULL) == 0 && ty_doc_segment(NULL, 0) == NULL &&
              ty_doc_paragraphs(NULL) == 0,
          "accessors accept NULL");
    ty_ok(ty_lang_parse("en", &l) == 0 && l == TY_LANG_EN, "lang: en");
    ty_ok(ty_lang_parse("JA", &l) == 0 && l == TY_LANG_JA, "lang: JA");
    ty_ok(ty_lang_parse("fr", &l) == -1, "lang: fr is refused");
    ty_ok(ty_lang_parse(NULL, &l) == -1, "lang: NULL is refused");
}

int main(void)
{
    test_from_lines();
    test_fields();
    test_norm_growth();
    test_join();
    test_null_and_lang();
    return ty_done();
}
