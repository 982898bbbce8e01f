/*
 * pdf.c — the PDF reader (poppler-glib): each page's text in poppler's reading order with the
 * box of every line; running headers and footers (lines in the top or bottom eighth of the
 * page that repeat, digits aside, on many pages) and page numbers removed; lines re-joined
 * into paragraphs (a paragraph ends at a wider gap, an indented or short line, a change of
 * type size): Japanese lines join with nothing, English with a space, and a hyphen at a line
 * end is removed only when the joined word is a word (of the document itself, or of the
 * system word list /usr/share/dict/words when installed). A paragraph of at most two lines
 * in a clearly larger type is a heading. The pages are read twice, one at a time (the first
 * pass counts and measures the lines, the second joins them): besides the blocks written,
 * the reader holds one page's text and the lines of the pages' top and bottom eighths. It
 * does not read images (a PDF without a text layer is an error that says so) and does not
 * decrypt.
 */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats.h"
#include "poppler_dl.h"
#include "base/alloc.h"
#include "base/error.h"
#include "base/u64map.h"
#include "base/unicode.h"

/* Where the system's English word list is (Debian's wamerican and friends). */
#define WORDS_FILE "/usr/share/dict/words"
/* Page furniture lives in the top and bottom eighth of a page. */
#define MARGIN_ZONE 0.125
/* A line repeated on at least this share of pages (and two) is a running header or footer. */
#define REPEAT_SHARE 0.4
/* Looking up more words than this in the system list reads it into memory once. */
#define WORDS_SCANS 32

typedef struct pline {
    const char *text; /* NUL-terminated UTF-8, in the page's text */
    size_t len;
    long page, line; /* 1-based */
    double x1, y1, x2, y2, h;
    double page_h;
    int drop;
    uint64_t key; /* furniture key: the text without digits and white space */
} pline;

/* The lines of the page being read: its text (poppler's, its line breaks made NULs) and a
 * box per line; the memory is kept from page to page. */
typedef struct page_buf {
    char *text;
    pline *v;
    size_t n, cap;
} page_buf;

static uint64_t furniture_key(const char *s, size_t n)
{
    char buf[256];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof buf; i++)
        if (!isdigit((unsigned char)s[i]) && !isspace((unsigned char)s[i]))
            buf[k++] = s[i];
    return ty__hash_bytes(buf, k, 0x70616765);
}

/* Past the decoration around a page number: spaces, hyphens, brackets, en and em dashes. */
static const char *skip_deco(const char *p)
{
    for (;;) {
        if (*p && strchr(" -()[]|", *p))
            p++;
        else if (!strncmp(p, "\xe2\x80\x93", 3) || !strncmp(p, "\xe2\x80\x94", 3))
            p += 3;
        else
            return p;
    }
}

/* A page number alone: "12", "- 12 -", "(12)", "12 / 30", "Page 12", "p. 12", "12ページ". */
static int page_number(const char *s)
{
    const char *p = skip_deco(s);
    int digits = 0;

    if (!strncasecmp(p, "page", 4))
        p += 4;
    else if (!strncasecmp(p, "p.", 2))
        p += 2;
    while (*p == ' ')
        p++;
    for (; isdigit((unsigned char)*p); p++)
        digits++;
    if (!digits || digits > 4)
        return 0;
    while (*p == ' ')
        p++;
    if (*p == '/' || !strncasecmp(p, "of", 2)) {
        p += *p == '/' ? 1 : 2;
        while (*p == ' ')
            p++;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (!strncmp(p, "\xe3\x83\x9a\xe3\x83\xbc\xe3\x82\xb8", 9)) /* ページ */
        p += 9;
    else if (!strncmp(p, "\xe9\xa0\x81", 3)) /* 頁 */
        p += 3;
    return *skip_deco(p) == '\0';
}

/* The lines of one page, with their boxes, in `pg` (emptied first). */
static ty_status page_lines(PopplerPage *page, long pno, page_buf *pg, int *has_images,
                            ty_error *err)
{
    char *text = poppler_page_get_text(page);
    PopplerRectangle *rects = NULL;
    guint nrects = 0;
    double pw, ph;
    size_t i = 0, ci = 0, len;
    long lno = 0;

    g_free(pg->text);
    pg->text = text;
    pg->n = 0;
    poppler_page_get_size(page, &pw, &ph);
    if (!text)
        return TY_OK;
    len = strlen(text);
    if (len == 0) {
        GList *im = poppler_page_get_image_mapping(page);
        if (im)
            *has_images = 1;
        poppler_page_free_image_mapping(im);
        return TY_OK;
    }
    if (!poppler_page_get_text_layout(page, &rects, &nrects))
        nrects = 0;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len, k;
        size_t chars = ty__utf8_chars(text + i, e - i);
        pline *p;
        int any = 0;

        lno++;
        for (k = i; k < e && isspace((unsigned char)text[k]); k++)
            ;
        if (k < e) {
            if (pg->n == pg->cap &&
                ty__grow((void **)&pg->v, &pg->cap, pg->n + 1, sizeof *pg->v) != 0) {
                g_free(rects);
                return ty__nomem(err);
            }
            p = &pg->v[pg->n++];
            memset(p, 0, sizeof *p);
            p->text = text + i;
            p->len = e - i;
            p->page = pno;
            p->line = lno;
            p->page_h = ph;
            p->x1 = p->y1 = 1e9;
            p->x2 = p->y2 = -1e9;
            for (size_t c = ci; c < ci + chars && c < nrects; c++) {
                const PopplerRectangle *r = &rects[c];
                if (r->x2 <= r->x1 && r->y2 <= r->y1)
                    continue;
                any = 1;
                if (r->x1 < p->x1) p->x1 = r->x1;
                if (r->y1 < p->y1) p->y1 = r->y1;
                if (r->x2 > p->x2) p->x2 = r->x2;
                if (r->y2 > p->y2) p->y2 = r->y2;
            }
            if (!any) { /* no geometry: one line after another */
                p->x1 = 0;
                p->x2 = pw;
                p->y1 = (double)lno * 12;
                p->y2 = p->y1 + 10;
            }
            p->h = p->y2 - p->y1;
            p->key = furniture_key(p->text, p->len);
        }
        text[e] = '\0'; /* the line's end (the text's own NUL at the end) */
        ci += chars + 1; /* the line break has a box too */
        i = e + 1;
    }
    g_free(rects);
    return TY_OK;
}

static int in_zone(const pline *p)
{
    return p->y2 <= p->page_h * MARGIN_ZONE || p->y1 >= p->page_h * (1 - MARGIN_ZONE);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The typical value of v[0, n) (the median), or `dflt` when n is 0. */
static double median(double *v, size_t n, double dflt)
{
    if (n == 0)
        return dflt;
    qsort(v, n, sizeof *v, cmp_double);
    return v[n / 2];
}

/* ---- words for the hyphen rule ---- */

typedef struct vocab {
    ty__u64map words; /* the document's words (of the lines kept) */
    ty__u64map asked; /* words looked up in the system list: 1 there, 2 not */
    int scans;        /* the times the system list was read through for one word */
} vocab;

static void vocab_free(vocab *v)
{
    ty__u64map_free(&v->words);
    ty__u64map_free(&v->asked);
}

static uint64_t word_key(const char *s, size_t n)
{
    char buf[64];
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)s[i]);
    return ty__hash_bytes(buf, n, 0x776f7264);
}

static int add_words(vocab *v, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t b;
        while (i < n && !isalpha((unsigned char)s[i]))
            i++;
        b = i;
        while (i < n && isalpha((unsigned char)s[i]))
            i++;
        /* a word that a line break cut (followed by '-' at the line's end) is not one */
        if (i > b && !(i + 1 == n && s[i] == '-') &&
            !ty__u64map_insert(&v->words, word_key(s + b, i - b), 1, NULL))
            return -1;
    }
    return 0;
}

/* The key of the system list's next word (its words with letters only, up to an
 * apostrophe); 0 at its end. */
static int next_system_word(FILE *f, uint64_t *key)
{
    char line[128];

    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n'");
        int alpha = n > 0;
        for (size_t i = 0; i < n; i++)
            alpha &= isalpha((unsigned char)line[i]) != 0;
        if (alpha) {
            *key = word_key(line, n);
            return 1;
        }
    }
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The system list read whole, its keys sorted (an empty list when it cannot be read): read
 * once in the process, when a document asks for more than WORDS_SCANS words or the process
 * has scanned the list WORDS_SCANS times (a batch of PDFs, a fuzzer), and kept for the
 * documents after it, read-only. */
static uint64_t *sys_words;
static size_t nsys_words;
static pthread_once_t sys_words_once = PTHREAD_ONCE_INIT;
static atomic_int sys_words_read; /* 1 once the list above is complete */
static atomic_int sys_words_scans; /* the scans of the list the process has made */

static void load_system_words(void)
{
    FILE *f = fopen(WORDS_FILE, "r");
    size_t cap = 0;
    uint64_t key;

    while (f && next_system_word(f, &key)) {
        if (nsys_words == cap &&
            ty__grow((void **)&sys_words, &cap, nsys_words + 1, sizeof *sys_words) != 0)
            break;
        sys_words[nsys_words++] = key;
    }
    if (f)
        fclose(f);
    if (nsys_words > 1)
        qsort(sys_words, nsys_words, sizeof *sys_words, cmp_u64);
    atomic_store(&sys_words_read, 1);
}

/* Whether the line [p, e) of the system list holds the word q[0, n) (lower case): its
 * letters before any apostrophe or line end, compared without case, as next_system_word
 * reads it. */
static int list_line_is(const char *p, const char *e, const char *q, size_t n)
{
    if ((size_t)(e - p) < n || ((size_t)(e - p) > n && p[n] != '\r' && p[n] != '\''))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalpha((unsigned char)p[i]) || tolower((unsigned char)p[i]) != q[i])
            return 0;
    return 1;
}

/* Whether the system list has the word s[0, n), read through once in large pieces: each
 * line's length is compared before its letters, so a pass costs about a memchr over the
 * file. */
static int scan_system_list(const char *s, size_t n)
{
    char q[64], buf[1 << 16];
    size_t have = 0, got;
    int found = 0;
    FILE *f;

    /* word_key reads at most 63 letters; the list's words are far shorter */
    if (n == 0 || n >= sizeof q || !(f = fopen(WORDS_FILE, "r")))
        return 0;
    for (size_t i = 0; i < n; i++)
        q[i] = (char)tolower((unsigned char)s[i]);
    while (!found && (got = fread(buf + have, 1, sizeof buf - have, f)) > 0) {
        const char *p = buf, *end = buf + have + got, *nl;
        while (!found && (nl = memchr(p, '\n', (size_t)(end - p)))) {
            found = list_line_is(p, nl, q, n);
            p = nl + 1;
        }
        have = (size_t)(end - p);
        if (have == sizeof buf) /* a line longer than the buffer: not a word */
            have = 0;
        memmove(buf, p, have);
    }
    if (!found && have > 0) /* the last line, without its newline */
        found = list_line_is(buf, buf + have, q, n);
    fclose(f);
    return found;
}

/* Whether the system list has the word s[0, n) of `key`. A document asks for a few words
 * (those of its hyphenated line ends that it does not use itself): each is looked for by
 * reading the list through, and the answer kept; past WORDS_SCANS of them in the document or
 * in the process, the process's copy of the list answers. */
static int system_word(vocab *v, const char *s, size_t n, uint64_t key)
{
    uint32_t *c;
    int found;

    if ((c = ty__u64map_find(&v->asked, key)))
        return *c == 1;
    if (v->scans >= WORDS_SCANS || atomic_load(&sys_words_read) ||
        atomic_fetch_add(&sys_words_scans, 1) >= WORDS_SCANS) {
        pthread_once(&sys_words_once, load_system_words);
        return nsys_words > 0 &&
               bsearch(&key, sys_words, nsys_words, sizeof *sys_words, cmp_u64) != NULL;
    }
    v->scans++;
    found = scan_system_list(s, n);
    if ((c = ty__u64map_insert(&v->asked, key, 0, NULL)))
        *c = found ? 1 : 2;
    return found;
}

static int is_word(vocab *v, const char *s, size_t n)
{
    uint64_t key = word_key(s, n);
    return ty__u64map_find(&v->words, key) != NULL || system_word(v, s, n, key);
}

/* ---- joining ---- */

static int cjk(UChar32 c)
{
    return c >= 0x2E80;
}

/* Append line `p` to the open block, joined to what it holds. */
static ty_status join_line(ty__blocks *out, const pline *p, ty_lang lang, vocab *v,
                           ty_error *err)
{
    size_t start = out->v[out->n].start, have = out->len - start;
    const char *t = p->text;
    size_t n = p->len, lead = 0;
    UChar32 last = -1, first;
    size_t cn;

    while (lead < n && isspace((unsigned char)t[lead]))
        lead++;
    t += lead;
    n -= lead;
    if (have > 0) {
        last = ty__char_before(out->text, out->len, &cn);
        first = n ? ty__char_at(t, n, 0, &cn) : -1;
        if (last == '-' && have >= 2 && isalpha((unsigned char)out->text[out->len - 2]) &&
            first >= 'a' && first <= 'z') {
            /* "transla-" + "tion": the word before the hyphen, the word after */
            size_t b = out->len - 1, e = 0;
            char w[128];
            while (b > start && isalpha((unsigned char)out->text[b - 1]))
                b--;
            while (e < n && isalpha((unsigned char)t[e]))
                e++;
            if ((out->len - 1 - b) + e < sizeof w) {
                memcpy(w, out->text + b, out->len - 1 - b);
                memcpy(w + (out->len - 1 - b), t, e);
                if (is_word(v, w, (out->len - 1 - b) + e))
                    out->len--; /* the hyphen was the line break's */
            }
        } else if (lang == TY_LANG_EN && !cjk(last) && !cjk(first)) {
            ty_status st = ty__blocks_text(out, " ", 1, 0, err);
            if (st != TY_OK)
                return st;
        }
    }
    return ty__blocks_text(out, t, n, 1, err);
}

/* ---- the document, page by page ---- */

/* A line of the top or bottom eighth, set aside in pass 1 until the counts of the whole
 * document say whether it is furniture: what pass 1 takes from a line that is kept. */
typedef struct zline {
    uint64_t key;
    int number, drop; /* a page number; furniture */
    double h, x1, x2;
    size_t text, len; /* its text in reader.ztext */
} zline;

/* A step down from a line to the next on a page when either is a zline: it counts when both
 * are kept. */
typedef struct zstep {
    double d;
    size_t a, b; /* their zlines, SIZE_MAX for a line outside the zones */
} zstep;

/* The reader over two passes of the pages, each page read and released before the next: the
 * first counts the lines of the top and bottom eighths (running headers and footers) and
 * measures the lines (their typical height, leading, left and right edges) and gathers their
 * words, those of the eighths aside until the counts are in; the second joins the lines kept
 * into paragraphs. No pass holds more than one page's text, besides the lines of the
 * eighths. */
typedef struct reader {
    PopplerDocument *doc;
    long pages;
    page_buf pg;
    int images;
    size_t lines, bytes; /* the document's non-blank lines and their bytes */
    /* pass 1 */
    ty__u64map count; /* furniture key -> pages */
    uint64_t last_key;
    long last_page;
    double *h, *x1, *x2, *lead;
    size_t nh, hcap, nlead, leadcap;
    zline *z;
    size_t nz, zcap;
    char *ztext;
    size_t ztlen, ztcap;
    zstep *zs;
    size_t nzs, zscap;
    vocab v;
    /* pass 2 */
    double height, leading, left, right;
    ty_lang lang;
    ty__blocks *out;
    pline prev; /* the last line kept (its text is not used) */
    int have_prev;
    size_t para_lines;
} reader;

typedef ty_status (*page_fn)(reader *R, ty_error *err);

/* Calls fn for each page of the document, its lines in R->pg. */
static ty_status each_page(reader *R, page_fn fn, ty_error *err)
{
    ty_status st = TY_OK;

    for (long i = 0; i < R->pages && st == TY_OK; i++) {
        PopplerPage *page = poppler_document_get_page(R->doc, (int)i);
        if (!page)
            continue;
        st = page_lines(page, i + 1, &R->pg, &R->images, err);
        g_object_unref(page);
        if (st == TY_OK)
            st = fn(R, err);
    }
    return st;
}

/* Whether a line of the top or bottom eighth is furniture: a page number, or a key found on
 * REPEAT_SHARE of the pages (and two). */
static int furniture(const reader *R, uint64_t key, int number)
{
    const uint32_t *c = ty__u64map_find(&R->count, key);
    return number || (c && *c >= 2 && (double)*c >= REPEAT_SHARE * (double)R->pages);
}

/* Mark the page's running headers, footers and page numbers. */
static void mark_furniture(reader *R)
{
    for (size_t i = 0; i < R->pg.n; i++) {
        pline *p = &R->pg.v[i];
        if (in_zone(p))
            p->drop = furniture(R, p->key, page_number(p->text));
    }
}

/* A kept line's height and edges. */
static int add_box(reader *R, double h, double x1, double x2)
{
    if (R->nh == R->hcap) {
        size_t c1 = R->hcap, c2 = R->hcap, c3 = R->hcap;
        if (ty__grow((void **)&R->h, &c1, R->nh + 1, sizeof *R->h) != 0 ||
            ty__grow((void **)&R->x1, &c2, R->nh + 1, sizeof *R->x1) != 0 ||
            ty__grow((void **)&R->x2, &c3, R->nh + 1, sizeof *R->x2) != 0)
            return -1;
        R->hcap = c1;
    }
    R->h[R->nh] = h;
    R->x1[R->nh] = x1;
    R->x2[R->nh++] = x2;
    return 0;
}

static int add_lead(reader *R, double d)
{
    if (R->nlead == R->leadcap &&
        ty__grow((void **)&R->lead, &R->leadcap, R->nlead + 1, sizeof *R->lead) != 0)
        return -1;
    R->lead[R->nlead++] = d;
    return 0;
}

/* A line of the top or bottom eighth set aside; its index. */
static size_t add_zline(reader *R, const pline *p, int number, int *nomem)
{
    zline *z;

    *nomem = 1;
    if ((R->nz == R->zcap && ty__grow((void **)&R->z, &R->zcap, R->nz + 1, sizeof *R->z) != 0) ||
        ty__grow((void **)&R->ztext, &R->ztcap, R->ztlen + p->len + 1, 1) != 0)
        return SIZE_MAX;
    *nomem = 0;
    z = &R->z[R->nz];
    z->key = p->key;
    z->number = number;
    z->drop = 0;
    z->h = p->h;
    z->x1 = p->x1;
    z->x2 = p->x2;
    z->text = R->ztlen;
    z->len = p->len;
    memcpy(R->ztext + R->ztlen, p->text, p->len);
    R->ztlen += p->len;
    return R->nz++;
}

/* Pass 1: each key of the top and bottom eighths counted once a page (page numbers are not
 * counted: they go anyway); the other lines measured and their words gathered, the lines
 * of the eighths and the steps down to or from them set aside. */
static ty_status survey(reader *R, ty_error *err)
{
    size_t prev_z = SIZE_MAX;

    for (size_t i = 0; i < R->pg.n; i++) {
        const pline *p = &R->pg.v[i];
        size_t zi = SIZE_MAX;
        int nomem = 0;

        R->lines++;
        R->bytes += p->len;
        if (in_zone(p)) {
            int number = page_number(p->text);
            if (!number && !(p->page == R->last_page && p->key == R->last_key)) {
                uint32_t *c = ty__u64map_insert(&R->count, p->key, 0, NULL);
                if (!c)
                    return ty__nomem(err);
                (*c)++;
                R->last_page = p->page;
                R->last_key = p->key;
            }
            zi = add_zline(R, p, number, &nomem);
        } else {
            nomem = add_words(&R->v, p->text, p->len) != 0 || add_box(R, p->h, p->x1, p->x2) != 0;
        }
        if (!nomem && i > 0 && p->y1 > R->pg.v[i - 1].y1) {
            double d = p->y1 - R->pg.v[i - 1].y1;
            if (zi == SIZE_MAX && prev_z == SIZE_MAX) {
                nomem = add_lead(R, d) != 0;
            } else if (R->nzs < R->zscap ||
                       ty__grow((void **)&R->zs, &R->zscap, R->nzs + 1, sizeof *R->zs) == 0) {
                R->zs[R->nzs].d = d;
                R->zs[R->nzs].a = prev_z;
                R->zs[R->nzs++].b = zi;
            } else {
                nomem = 1;
            }
        }
        if (nomem)
            return ty__nomem(err);
        prev_z = zi;
    }
    return TY_OK;
}

/* After pass 1: the lines of the eighths that are not furniture, and the steps between kept
 * lines, join the measures and the words. */
static ty_status settle(reader *R, ty_error *err)
{
    for (size_t i = 0; i < R->nz; i++) {
        zline *z = &R->z[i];
        if ((z->drop = furniture(R, z->key, z->number)))
            continue;
        if (add_words(&R->v, R->ztext + z->text, z->len) != 0 ||
            add_box(R, z->h, z->x1, z->x2) != 0)
            return ty__nomem(err);
    }
    for (size_t i = 0; i < R->nzs; i++) {
        const zstep *s = &R->zs[i];
        if ((s->a == SIZE_MAX || !R->z[s->a].drop) && (s->b == SIZE_MAX || !R->z[s->b].drop) &&
            add_lead(R, s->d) != 0)
            return ty__nomem(err);
    }
    free(R->z);
    free(R->ztext);
    free(R->zs);
    R->z = NULL;
    R->ztext = NULL;
    R->zs = NULL;
    return TY_OK;
}

/* The typical line height, leading, left and right edges of the body text, from pass 1. */
static void typical(reader *R)
{
    size_t k = 0;

    R->height = median(R->h, R->nh, 10);
    for (size_t i = 0; i < R->nlead; i++)
        if (R->lead[i] < 4 * R->height)
            R->lead[k++] = R->lead[i];
    R->leading = median(R->lead, k, 1.5 * R->height);
    R->left = median(R->x1, R->nh, 0);
    R->right = R->nh ? (qsort(R->x2, R->nh, sizeof *R->x2, cmp_double),
                        R->x2[(R->nh * 9) / 10])
                     : 0;
}

/* Pass 2: the kept lines joined into paragraphs. */
static ty_status join_page(reader *R, ty_error *err)
{
    ty__blocks *out = R->out;
    const pline *prev = R->have_prev ? &R->prev : NULL;
    double height = R->height, lead = R->leading, left = R->left, right = R->right;
    ty_status st;

    mark_furniture(R);
    for (size_t i = 0; i < R->pg.n; i++) {
        const pline *p = &R->pg.v[i];
        ty__pos pos = {-1, p->page, p->line, -1};
        int brk = 0;

        if (p->drop)
            continue;
        if (!prev) {
            brk = 1;
        } else {
            /* the previous line ended short of the margin when the next line's first word
             * would have fitted after it: it ended a paragraph (or a heading, a list item) */
            size_t chars = ty__utf8_chars(p->text, p->len), w = 0, cn;
            double cw = chars ? (p->x2 - p->x1) / (double)chars : height;
            UChar32 c0 = ty__char_at(p->text, p->len, 0, &cn);
            if (cjk(c0))
                w = 1;
            else
                while (w < p->len && !isspace((unsigned char)p->text[w]))
                    w++;
            int short_prev = right - prev->x2 > cw * (double)(w + 1) + 0.5 * height;
            int indented = p->x1 > left + 0.6 * height && p->x1 > prev->x1 + 0.6 * height;
            int size_change = p->h > 1.2 * prev->h || prev->h > 1.2 * p->h;
            /* a wide space (U+3000, a tab stop) makes poppler start a new line at the
             * same height: the line goes on */
            int same_line = p->page == prev->page && p->x1 > prev->x2 &&
                            p->y1 < prev->y2 && prev->y1 < p->y2;
            if (same_line)
                brk = 0;
            else if (p->page != prev->page)
                brk = short_prev || indented || size_change;
            else
                brk = p->y1 - prev->y1 > 1.35 * lead || p->y1 < prev->y1 || indented ||
                      size_change || short_prev;
        }
        if (brk) {
            if (prev && out->open && R->para_lines <= 2 && prev->h > 1.2 * height)
                out->heading = 2;
            if ((st = ty__blocks_open(out, 0, err)) != TY_OK)
                return st;
            R->para_lines = 0;
        }
        if ((st = ty__blocks_mark(out, &pos, err)) != TY_OK ||
            (st = join_line(out, p, R->lang, &R->v, err)) != TY_OK)
            return st;
        R->para_lines++;
        R->prev = *p;
        R->have_prev = 1;
        prev = &R->prev;
    }
    return TY_OK;
}

static void measures_free(reader *R)
{
    free(R->h);
    free(R->x1);
    free(R->x2);
    free(R->lead);
    R->h = R->x1 = R->x2 = R->lead = NULL;
}

static void reader_free(reader *R)
{
    g_free(R->pg.text);
    free(R->pg.v);
    ty__u64map_free(&R->count);
    measures_free(R);
    free(R->z);
    free(R->ztext);
    free(R->zs);
    vocab_free(&R->v);
}

static ty_status read_pdf(const char *bytes, size_t len, const ty__reader_opts *ro,
                         ty__blocks *out, ty_error *err)
{
    GBytes *gb = g_bytes_new_static(bytes, len);
    GError *ge = NULL;
    reader R;
    ty_status st = TY_OK;

    memset(&R, 0, sizeof R);
    R.last_page = -1;
    R.lang = ro->lang;
    R.out = out;
    R.doc = poppler_document_new_from_bytes(gb, NULL, &ge);
    if (!R.doc) {
        int enc = ge && ge->domain == POPPLER_ERROR && ge->code == POPPLER_ERROR_ENCRYPTED;
        size_t tail = len < 1024 ? len : 1024;
        /* a file cut short has no end-of-file marker: say where it ends */
        if (!enc && !memmem(bytes + len - tail, tail, "%%EOF", 5)) {
            st = ty__fail(err, TY_ERR_FORMAT, ro->name, -1, (long long)len,
                          "not a readable PDF: truncated (it ends here without %%%%EOF)");
            goto done;
        }
        st = ty__fail(err, TY_ERR_FORMAT, ro->name, -1, -1,
                      enc ? "an encrypted PDF: it needs a password (decrypt it first, e.g. "
                            "qpdf --decrypt --password=PASSWORD IN OUT)%s"
                          : "not a readable PDF (%s)",
                      enc ? "" : (ge && ge->message ? ge->message : "damaged"));
        goto done;
    }
    R.pages = poppler_document_get_n_pages(R.doc);
    if ((st = each_page(&R, survey, err)) != TY_OK)
        goto done;
    if (R.lines == 0) {
        st = ty__fail(err, TY_ERR_FORMAT, ro->name, -1, -1,
                      R.images ? "page 1: no text layer, only images (a scanned PDF? run OCR "
                                 "on it first)"
                               : "no text in the PDF (%ld pages)",
                      R.pages);
        goto done;
    }
    if ((st = settle(&R, err)) != TY_OK)
        goto done;
    typical(&R);
    measures_free(&R);
    /* at most every line's bytes, a space between lines, a block and a mark a line */
    if ((st = ty__blocks_reserve(out, R.bytes + R.lines + 1, R.lines + 1, R.lines + 1,
                                 err)) != TY_OK ||
        (st = each_page(&R, join_page, err)) != TY_OK)
        goto done;
    if (R.have_prev && out->open && R.para_lines <= 2 && R.prev.h > 1.2 * R.height)
        out->heading = 2;
    if ((st = ty__blocks_close(out, err)) != TY_OK)
        goto done;
    if (out->n == 0)
        st = ty__fail(err, TY_ERR_FORMAT, ro->name, -1, -1,
                      "no text in the PDF but page headers, footers and numbers");
done:
    reader_free(&R);
    if (ge)
        g_error_free(ge);
    if (R.doc)
        g_object_unref(R.doc);
    g_bytes_unref(gb);
    return st;
}

/* poppler-glib sets up poppler's global state (the built-in encoding and Unicode tables, the
 * search of /usr/share/poppler) when a document is opened while no other is, and tears it
 * down with the last one: about 1.1 ms for every PDF of a batch read one after the other,
 * against 0.03 ms to open a small PDF. An empty one-page PDF opened once and kept for the
 * process holds that state. */
static const char keeper_pdf[] =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
    "xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    "0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n162\n%%EOF\n";
static pthread_once_t keeper_once = PTHREAD_ONCE_INIT;
static PopplerDocument *keeper;

static void open_keeper(void)
{
    GBytes *gb = g_bytes_new_static(keeper_pdf, sizeof keeper_pdf - 1);
    keeper = poppler_document_new_from_bytes(gb, NULL, NULL);
    g_bytes_unref(gb);
}

ty_status ty__read_pdf(const char *bytes, size_t len, const ty__reader_opts *ro,
                       ty__blocks *out, ty_error *err)
{
    ty_status st = ty__poppler_load(ro->name, err);

    if (st != TY_OK)
        return st;
    pthread_once(&keeper_once, open_keeper);
    return read_pdf(bytes, len, ro, out, err);
}
