/*
 * test_read_threads.c — ty_documents_read with ty_read_opts.threads: a Japanese document and
 * its English version large enough to be read on two threads give the documents one thread
 * gives (every segment's text, normalized text, label, offsets, paragraph, heading and place in
 * the file; the format, encoding, replacements and dropped lines), for plain text (raw and
 * --segmented, UTF-8 and Shift_JIS) and HTML with boilerplate; and the error one thread gives
 * when either or both fail, reading before segmenting, the first document before the second.
 * With ty_read_opts.scripts the tally kept in each document is the one counted afresh.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "segment/doc.h"
#include "taiyaku.h"
#include "tap.h"

/* Paragraphs of generated sentences: about 64 bytes each, `n` of them. */
static char *sentences(ty_lang lang, size_t n, const char *open, const char *close)
{
    size_t cap = n * 160 + 256, len = 0;
    char *s = malloc(cap);

    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (i % 7 == 0)
            len += (size_t)snprintf(s + len, cap - len, "%s", i ? close : "");
        if (i % 7 == 0)
            len += (size_t)snprintf(s + len, cap - len, "%s", open);
        if (lang == TY_LANG_JA)
            len += (size_t)snprintf(s + len, cap - len,
                                    "第%zu条の規定による報告書（ＡＢＣ案）です。\n", i);
        else
            len += (size_t)snprintf(s + len, cap - len,
                                    "Report under Article %zu of the Ｃode, part %zu.\n", i, i % 5);
    }
    snprintf(s + len, cap - len, "%s", close);
    return s;
}

static int write_file(const char *path, const char *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(bytes, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = 0;
    return ok;
}

/* The test's files, made once in the current directory. */
enum { F_JA_TXT, F_EN_TXT, F_JA_SJIS, F_JA_HTML, F_EN_HTML, F_JA_BAD, F_EN_BAD, F_JA_DROPPED,
       F_EN_DROPPED, F_EN_SMALL, F_COUNT };
static const char *const names[F_COUNT] = {
    "rt-ja.txt", "rt-en.txt", "rt-ja.sjis", "rt-ja.html", "rt-en.html", "rt-ja.bad",
    "rt-en.bad", "rt-ja-dropped.html", "rt-en-dropped.html", "rt-en-small.txt"};

static int make_files(void)
{
    char *t[F_COUNT] = {NULL};
    int ok = 1;

    t[F_JA_TXT] = sentences(TY_LANG_JA, 1300, "", "\n");
    t[F_EN_TXT] = sentences(TY_LANG_EN, 900, "", "\n");
    t[F_JA_HTML] = sentences(TY_LANG_JA, 700, "<p>ページの先頭へ戻る</p>\n<p>", "</p>\n");
    t[F_EN_HTML] = sentences(TY_LANG_EN, 700, "<p>Back to top</p>\n<p>", "</p>\n");
    t[F_JA_BAD] = sentences(TY_LANG_JA, 900, "", "\n");
    t[F_EN_BAD] = sentences(TY_LANG_EN, 900, "", "\n");
    t[F_EN_SMALL] = sentences(TY_LANG_EN, 3, "", "\n");
    for (int k = 0; k < F_COUNT; k++) {
        if (k == F_JA_SJIS || k == F_JA_DROPPED || k == F_EN_DROPPED)
            continue;
        if (!t[k])
            return 0;
    }
    /* a byte that is not UTF-8 well into each bad file */
    t[F_JA_BAD][30001] = '\xff';
    t[F_EN_BAD][20001] = '\xff';
    for (int k = 0; k < F_COUNT && ok; k++) {
        if (k == F_JA_SJIS) {
            /* "一文目。二文目。" in Shift_JIS, paragraph after paragraph */
            static const char para[] = "\x88\xea\x95\xb6\x96\xda\x81\x42\x93\xf1\x95\xb6\x96"
                                       "\xda\x81\x42\n\n";
            size_t n = 4000, plen = sizeof para - 1;
            char *s = malloc(n * plen);
            if (!s)
                return 0;
            for (size_t i = 0; i < n; i++)
                memcpy(s + i * plen, para, plen);
            ok = write_file(names[k], s, n * plen);
            free(s);
        } else if (k == F_JA_DROPPED || k == F_EN_DROPPED) {
            /* nothing but boilerplate lines: the reading succeeds, the segmenting fails */
            const char *line = k == F_JA_DROPPED ? "<p>ページの先頭へ戻る</p>\n"
                                                 : "<p>Back to top</p>\n";
            size_t n = 3000, llen = strlen(line), len = 0;
            char *s = malloc(n * llen + 64);
            if (!s)
                return 0;
            len += (size_t)sprintf(s, "<html><body>\n");
            for (size_t i = 0; i < n; i++, len += llen)
                memcpy(s + len, line, llen);
            len += (size_t)sprintf(s + len, "</body></html>\n");
            ok = write_file(names[k], s, len);
            free(s);
        } else if (k == F_JA_HTML || k == F_EN_HTML) {
            size_t len = strlen(t[k]) + 64;
            char *s = malloc(len);
            if (!s)
                return 0;
            len = (size_t)snprintf(s, len, "<html><body>\n%s</body></html>\n", t[k]);
            ok = write_file(names[k], s, len);
            free(s);
        } else {
            ok = write_file(names[k], t[k], strlen(t[k]));
        }
    }
    for (int k = 0; k < F_COUNT; k++)
        free(t[k]);
    return ok;
}

static int same_str(const char *a, size_t alen, const char *b, size_t blen)
{
    return alen == blen && (!alen || (a && b && !memcmp(a, b, alen)));
}

/* Whether two documents are the same, field by field. */
static int same_doc(const ty_doc *a, const ty_doc *b)
{
    if (ty_doc_count(a) != ty_doc_count(b) || ty_doc_paragraphs(a) != ty_doc_paragraphs(b) ||
        ty_doc_lang(a) != ty_doc_lang(b) || ty_doc_format(a) != ty_doc_format(b) ||
        strcmp(ty_doc_encoding(a), ty_doc_encoding(b)) ||
        ty_doc_replacements(a) != ty_doc_replacements(b) ||
        ty_doc_dropped(a) != ty_doc_dropped(b) || strcmp(ty_doc_name(a), ty_doc_name(b)))
        return 0;
    for (size_t i = 0; i < ty_doc_count(a); i++) {
        const ty_segment *x = ty_doc_segment(a, i), *y = ty_doc_segment(b, i);
        if (!same_str(x->text, x->len, y->text, y->len) ||
            !same_str(x->norm, x->norm_len, y->norm, y->norm_len) ||
            !same_str(x->label, x->label_len, y->label, y->label_len) ||
            x->start != y->start || x->end != y->end || x->paragraph != y->paragraph ||
            x->kind != y->kind || x->heading != y->heading || x->article != y->article ||
            x->source.offset != y->source.offset || x->source.line != y->source.line ||
            x->source.page != y->source.page || x->source.block != y->source.block)
            return 0;
    }
    return 1;
}

typedef struct rcase {
    const char *name;
    int ja, en;          /* files */
    int segmented;       /* ty_read_opts.segmented */
    const char *utf8;    /* ty_read_opts.decode.encoding, or NULL */
    ty_status want;      /* the status both give */
    int fails;           /* the file whose error it is (want != TY_OK) */
    const char *message; /* a part of that error's message, or NULL */
} rcase;

static const rcase cases[] = {
    {"plain text", F_JA_TXT, F_EN_TXT, 0, NULL, TY_OK, 0, NULL},
    {"plain text, one segment per line", F_JA_TXT, F_EN_TXT, 1, NULL, TY_OK, 0, NULL},
    {"Shift_JIS text (offsets in the file differ from the text's)", F_JA_SJIS, F_EN_TXT, 0,
     NULL, TY_OK, 0, NULL},
    {"HTML with boilerplate lines", F_JA_HTML, F_EN_HTML, 0, NULL, TY_OK, 0, NULL},
    {"HTML and plain text", F_JA_HTML, F_EN_TXT, 0, NULL, TY_OK, 0, NULL},
    {"a large and a small document", F_JA_TXT, F_EN_SMALL, 0, NULL, TY_OK, 0, NULL},
    {"the English file not UTF-8", F_JA_TXT, F_EN_BAD, 0, "UTF-8", TY_ERR_ENCODING, F_EN_BAD,
     "UTF-8"},
    {"the Japanese file not UTF-8", F_JA_BAD, F_EN_TXT, 0, "UTF-8", TY_ERR_ENCODING, F_JA_BAD,
     "UTF-8"},
    {"both not UTF-8: the Japanese file's error", F_JA_BAD, F_EN_BAD, 0, "UTF-8",
     TY_ERR_ENCODING, F_JA_BAD, NULL},
    {"English boilerplate only", F_JA_HTML, F_EN_DROPPED, 0, NULL, TY_ERR_FORMAT,
     F_EN_DROPPED, "boilerplate"},
    {"both boilerplate only: the Japanese file's error", F_JA_DROPPED, F_EN_DROPPED, 0, NULL,
     TY_ERR_FORMAT, F_JA_DROPPED, "boilerplate"},
    {"Japanese boilerplate only, English not UTF-8: the reading's error first", F_JA_DROPPED,
     F_EN_BAD, 0, "UTF-8", TY_ERR_ENCODING, F_EN_BAD, NULL},
};

static void run_case(const rcase *c)
{
    const char *paths[2] = {names[c->ja], names[c->en]};
    const ty_lang langs[2] = {TY_LANG_JA, TY_LANG_EN};
    ty_doc *one[2] = {NULL, NULL}, *two[2] = {NULL, NULL};
    ty_error e1, e2;
    ty_read_opts o;
    ty_status s1, s2;

    ty_read_opts_init(&o);
    o.segmented = c->segmented;
    o.decode.encoding = c->utf8;
    ty_error_clear(&e1);
    ty_error_clear(&e2);
    s1 = ty_documents_read(2, paths, langs, &o, one, &e1);
    o.threads = 2;
    o.scripts = 1;
    s2 = ty_documents_read(2, paths, langs, &o, two, &e2);
    ty_is_int(s1, c->want, "%s: one thread: status", c->name);
    ty_is_int(s2, c->want, "%s: two threads: status", c->name);
    if (c->want == TY_OK) {
        ty_script_counts kept, fresh;
        ty_ok(s1 == TY_OK && s2 == TY_OK && ty_doc_count(two[0]) > 2 &&
                  ty_doc_count(two[1]) > 2 && same_doc(one[0], two[0]) &&
                  same_doc(one[1], two[1]),
              "%s: the same documents (%zu and %zu segments)", c->name, ty_doc_count(two[0]),
              ty_doc_count(two[1]));
        for (int k = 0; k < 2; k++) {
            memset(&kept, 0xa5, sizeof kept);
            ty_ok(!ty__doc_kept_scripts(one[k], &kept), "%s: doc %d: no tally kept unasked",
                  c->name, k);
            ty__doc_tally_scripts(two[k], &fresh);
            ty_ok(ty__doc_kept_scripts(two[k], &kept) && kept.japanese == fresh.japanese &&
                      kept.latin == fresh.latin && kept.other == fresh.other &&
                      fresh.japanese + fresh.latin > 0,
                  "%s: doc %d: the kept tally (%zu, %zu, %zu) is the one counted afresh",
                  c->name, k, kept.japanese, kept.latin, kept.other);
        }
        ty_is_int(ty_pair_check_docs(two[0], two[1]), ty_pair_check_docs(one[0], one[1]),
                  "%s: the same pair check", c->name);
    } else {
        ty_ok(!one[0] && !one[1] && !two[0] && !two[1], "%s: no document either way", c->name);
        ty_is_str(e2.message, e1.message, "%s: the same message", c->name);
        ty_is_str(e2.file, names[c->fails], "%s: names the file that fails", c->name);
        ty_is_str(e1.file, names[c->fails], "%s: as one thread does", c->name);
        ty_ok(e1.offset == e2.offset && e1.line == e2.line, "%s: the same place (%lld)",
              c->name, e2.offset);
        if (c->message)
            ty_ok(strstr(e2.message, c->message) != NULL, "%s: says '%s': %s", c->name,
                  c->message, e2.message);
    }
    for (int k = 0; k < 2; k++) {
        ty_doc_free(one[k]);
        ty_doc_free(two[k]);
    }
}

/* Two documents in one language, a caller's segmenter, standard input: one thread, and the
 * documents are the same. */
static void test_one_thread_cases(void)
{
    const char *paths[2] = {names[F_EN_TXT], names[F_EN_HTML]};
    const ty_lang langs[2] = {TY_LANG_EN, TY_LANG_EN};
    ty_doc *one[2] = {NULL, NULL}, *two[2] = {NULL, NULL};
    ty_read_opts o;
    ty_error e;

    ty_read_opts_init(&o);
    ty_is_int(ty_documents_read(2, paths, langs, &o, one, &e), TY_OK, "one language: read");
    o.threads = 2;
    ty_is_int(ty_documents_read(2, paths, langs, &o, two, &e), TY_OK,
              "one language, two threads allowed: read");
    ty_ok(same_doc(one[0], two[0]) && same_doc(one[1], two[1]),
          "one language: the same documents");
    for (int k = 0; k < 2; k++) {
        ty_doc_free(one[k]);
        ty_doc_free(two[k]);
    }
}

int main(void)
{
    char dir[] = "/tmp/test-read-threads-XXXXXX";
    const char *tmp = getenv("TMPDIR");
    char tdir[4096];

    if (tmp && *tmp) {
        snprintf(tdir, sizeof tdir, "%s/test-read-threads-XXXXXX", tmp);
    } else {
        snprintf(tdir, sizeof tdir, "%s", dir);
    }
    if (!ty_ok(mkdtemp(tdir) != NULL && chdir(tdir) == 0, "a directory for the files") ||
        !ty_ok(make_files(), "the files are written"))
        return ty_done();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);
    test_one_thread_cases();
    for (int k = 0; k < F_COUNT; k++)
        remove(names[k]);
    if (chdir("/") == 0)
        rmdir(tdir);
    return ty_done();
}
