/*
 * test_segment_window.c — a paragraph of more lines than the segmenter's window is decided in
 * parts (src/segment/segment.c, paragraph_part), and the parts must give exactly the segments
 * that the whole paragraph gives: text, label, span, paragraph number and kind. Each case is
 * segmented with the default window and with small ones; paragraphs built to put every rule
 * that looks across lines at the parts' edges (abbreviations before a line break, lines that
 * continue, speaker labels, brackets over lines, headings, Japanese closers), a paragraph with
 * no line that begins a segment (the window grows), and the corpus documents with their blank
 * lines taken out (each one paragraph), when ../shared/corpus is there.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "segment/window.h"
#include "taiyaku.h"
#include "tap.h"

typedef struct buf {
    char *s;
    size_t len, cap;
    size_t n; /* segments */
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = 2 * (b->len + n + 1);
        if (!(b->s = realloc(b->s, b->cap)))
            abort();
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static ty_status collect(const ty_segment *g, void *ud)
{
    buf *b = ud;
    char head[96];
    int n = snprintf(head, sizeof head, "%zu %d %zu-%zu %zu|", g->paragraph, (int)g->kind,
                     g->start, g->end, g->label_len);
    put(b, head, (size_t)n);
    put(b, g->text, g->len);
    put(b, "\n", 1);
    b->n++;
    return TY_OK;
}

/* The segments of `text` in `lang` with a window of `lines` (0: the default), one a line. */
static char *segments(ty_lang lang, const char *text, size_t len, size_t lines, size_t *count)
{
    ty_segmenter *seg;
    ty_text *t;
    ty_error e;
    buf b = {0};

    if (ty_segmenter_new(lang, &seg, &e) != TY_OK ||
        ty_text_decode(text, len, "case", NULL, &t, &e) != TY_OK)
        abort();
    if (lines)
        ty__segmenter_set_window(seg, lines);
    if (ty_segment_each(seg, t, collect, &b, &e) != TY_OK) {
        ty_diag("segmenting failed: %s", e.message);
        abort();
    }
    put(&b, "", 0);
    ty_text_free(t);
    ty_segmenter_free(seg);
    *count = b.n;
    return b.s;
}

/* `unit` `times` times over, without blank lines between. */
static char *repeat(const char *unit, size_t times, size_t *len)
{
    size_t n = strlen(unit);
    char *s = malloc(n * times + 1);
    if (!s)
        abort();
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * n, unit, n);
    s[n * times] = '\0';
    *len = n * times;
    return s;
}

/* Whether every small window gives the default window's segments. */
static void same_in_parts(const char *name, ty_lang lang, const char *text, size_t len)
{
    static const size_t windows[] = {8, 13, 64, 500};
    size_t n0, n;
    char *whole = segments(lang, text, len, 0, &n0);

    for (size_t w = 0; w < sizeof windows / sizeof *windows; w++) {
        char *part = segments(lang, text, len, windows[w], &n);
        ty_ok(n0 > 0 && n == n0 && strcmp(part, whole) == 0,
              "%s: a window of %zu lines gives the %zu segments of the whole paragraph", name,
              windows[w], n0);
        free(part);
    }
    free(whole);
}

typedef struct wcase {
    const char *name;
    ty_lang lang;
    const char *unit; /* repeated */
    size_t times;
} wcase;

static const wcase cases[] = {
    {"short English lines", TY_LANG_EN, "Yes.\n", 3000},
    {"abbreviations at line ends, lines that continue, labels, brackets over lines",
     TY_LANG_EN,
     "Mr.\nSmith said it was fine. The next\nline continues here, and\nso does this one.\n"
     "Reporter: Is that so?\n(An aside that\nspans two lines.) Then more.\nCHAPTER 2\n"
     "U.S.\nAt the outset, he spoke.\n\"Quoted\ntext,\" she said.\n",
     300},
    {"Japanese lines: labels, brackets over lines, closers", TY_LANG_JA,
     "はい。\n記者：それは\n本当ですか。\n「括弧が\n続く」と述べた。\n【上川外務大臣】\n"
     "ありがとうございます…\n第一条　この法律は、\n国民のためにある。\n",
     300},
    {"no line begins a segment (the window grows)", TY_LANG_EN, "a\n", 5000},
    {"one long line among short ones", TY_LANG_EN,
     "Short.\nThis line is a little longer, and it ends with a question? Yes. No.\n", 800},
};

/* Each corpus document, its blank lines taken out so that it is one paragraph. */
static void corpus(void)
{
    const char *top = getenv("top_srcdir");
    char dir[4096], path[4200];
    DIR *d;
    struct dirent *de;
    int tried = 0;

    snprintf(dir, sizeof dir, "%s/../shared/corpus", top ? top : ".");
    if (!(d = opendir(dir))) {
        ty_skip("corpus documents as one paragraph", "../shared/corpus is absent");
        return;
    }
    while ((de = readdir(d))) {
        size_t nl = strlen(de->d_name);
        FILE *f;
        char *s, *o;
        long n;
        size_t k = 0;
        ty_lang lang;

        if (nl < 8 || strcmp(de->d_name + nl - 4, ".txt") || de->d_name[nl - 7] != '.')
            continue;
        if (!strncmp(de->d_name + nl - 6, "ja", 2))
            lang = TY_LANG_JA;
        else if (!strncmp(de->d_name + nl - 6, "en", 2))
            lang = TY_LANG_EN;
        else
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (!(f = fopen(path, "rb")) || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
            fseek(f, 0, SEEK_SET) || !(s = malloc((size_t)n + 1)) || !(o = malloc((size_t)n + 1)) ||
            fread(s, 1, (size_t)n, f) != (size_t)n)
            abort();
        fclose(f);
        for (long i = 0; i < n; i++) /* a line break after a line break goes */
            if (!(s[i] == '\n' && k > 0 && o[k - 1] == '\n'))
                o[k++] = s[i];
        same_in_parts(de->d_name, lang, o, k);
        tried++;
        free(s);
        free(o);
    }
    closedir(d);
    ty_ok(tried >= 80, "the corpus's documents were tried (%d)", tried);
}

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t len;
        char *s = repeat(cases[i].unit, cases[i].times, &len);
        same_in_parts(cases[i].name, cases[i].lang, s, len);
        free(s);
    }
    corpus();
    return ty_done();
}
