/*
 * pdf.c — the PDF reader (poppler-glib): each page's text in poppler's reading order with the
 * box of every line; running headers and footers (lines in the top or bottom eighth of the
 * page that repeat, digits aside, on many pages) and page numbers removed; lines re-joined
 * into paragraphs (a paragraph ends at a wider gap, an indented or short line, a change of
 * type size): Japanese lines join with nothing, English with a space, and a hyphen at a line
 * end is removed only when the joined word is a word (of the document itself, or of the
 * system word list /usr/share/dict/words when installed). A paragraph of at most two lines
 * in a clearly larger type is a heading. It does not read images (a PDF without a text
 * layer is an error that says so) and does not decrypt.
 */
#include "config.h"

#include <ctype.h>
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

typedef struct pline {
    char *text; /* NUL-terminated UTF-8 (owned) */
    size_t len;
    long page, line; /* 1-based */
    double x1, y1, x2, y2, h;
    double page_h;
    int drop;
    uint64_t key; /* furniture key: the text without digits and white space */
} pline;

typedef struct lines {
    pline *v;
    size_t n, cap;
} lines;

static void lines_free(lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].text);
    free(l->v);
}

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

/* The lines of one page, with their boxes, appended to `all`. */
static ty_status page_lines(PopplerPage *page, long pno, lines *all, int *has_images,
                            ty_error *err)
{
    char *text = poppler_page_get_text(page);
    PopplerRectangle *rects = NULL;
    guint nrects = 0;
    double pw, ph;
    size_t i = 0, ci = 0, len;
    long lno = 0;
    ty_status st = TY_OK;

    poppler_page_get_size(page, &pw, &ph);
    if (!text)
        return TY_OK;
    len = strlen(text);
    if (len == 0) {
        GList *im = poppler_page_get_image_mapping(page);
        if (im)
            *has_images = 1;
        poppler_page_free_image_mapping(im);
        g_free(text);
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
            if (all->n == all->cap &&
                ty__grow((void **)&all->v, &all->cap, all->n + 1, sizeof *all->v) != 0) {
                st = ty__nomem(err);
                break;
            }
            p = &all->v[all->n];
            memset(p, 0, sizeof *p);
            if (!(p->text = malloc(e - i + 1))) {
                st = ty__nomem(err);
                break;
            }
            memcpy(p->text, text + i, e - i);
            p->text[e - i] = '\0';
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
            all->n++;
        }
        ci += chars + 1; /* the line break has a box too */
        i = e + 1;
    }
    g_free(rects);
    g_free(text);
    return st;
}

/* Mark running headers, footers and page numbers. */
static ty_status furniture(lines *all, long pages, ty_error *err)
{
    ty__u64map count = {0};
    uint64_t last_key = 0;
    long last_page = -1;
    ty_status st = TY_OK;

    for (size_t i = 0; i < all->n; i++) {
        pline *p = &all->v[i];
        int zone = p->y2 <= p->page_h * MARGIN_ZONE || p->y1 >= p->page_h * (1 - MARGIN_ZONE);
        uint32_t *c;
        if (!zone)
            continue;
        if (page_number(p->text)) {
            p->drop = 1;
            continue;
        }
        if (p->page == last_page && p->key == last_key)
            continue; /* counted once a page */
        if (!(c = ty__u64map_insert(&count, p->key, 0, NULL))) {
            st = ty__nomem(err);
            goto done;
        }
        (*c)++;
        last_page = p->page;
        last_key = p->key;
    }
    for (size_t i = 0; i < all->n; i++) {
        pline *p = &all->v[i];
        int zone = p->y2 <= p->page_h * MARGIN_ZONE || p->y1 >= p->page_h * (1 - MARGIN_ZONE);
        uint32_t *c = zone ? ty__u64map_find(&count, p->key) : NULL;
        if (c && *c >= 2 && (double)*c >= REPEAT_SHARE * (double)pages)
            p->drop = 1;
    }
done:
    ty__u64map_free(&count);
    return st;
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
    ty__u64map words;
    int loaded; /* the system list was read (or tried) */
} vocab;

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

static void load_system_words(vocab *v)
{
    FILE *f;
    char line[128];

    v->loaded = 1;
    if (!(f = fopen(WORDS_FILE, "r")))
        return;
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n'");
        int alpha = n > 0;
        for (size_t i = 0; i < n; i++)
            alpha &= isalpha((unsigned char)line[i]) != 0;
        if (alpha && !ty__u64map_insert(&v->words, word_key(line, n), 1, NULL))
            break;
    }
    fclose(f);
}

static int is_word(vocab *v, const char *s, size_t n)
{
    if (ty__u64map_find(&v->words, word_key(s, n)))
        return 1;
    if (!v->loaded) {
        load_system_words(v);
        return ty__u64map_find(&v->words, word_key(s, n)) != NULL;
    }
    return 0;
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

/* Paragraphs from the lines left. */
static ty_status paragraphs(const lines *all, ty_lang lang, ty__blocks *out, ty_error *err)
{
    double *tmp = malloc((all->n + 1) * sizeof *tmp);
    double lead, left, right, height;
    size_t k = 0, para_lines = 0;
    vocab v;
    const pline *prev = NULL;
    ty_status st = TY_OK;

    memset(&v, 0, sizeof v);
    if (!tmp)
        return ty__nomem(err);
    for (size_t i = 0; i < all->n; i++)
        if (!all->v[i].drop && add_words(&v, all->v[i].text, all->v[i].len) != 0) {
            st = ty__nomem(err);
            goto done;
        }
    /* typical line height, leading, left and right edges of the body text */
    k = 0;
    for (size_t i = 0; i < all->n; i++)
        if (!all->v[i].drop)
            tmp[k++] = all->v[i].h;
    height = median(tmp, k, 10);
    k = 0;
    for (size_t i = 1; i < all->n; i++) {
        const pline *a = &all->v[i - 1], *b = &all->v[i];
        if (!a->drop && !b->drop && a->page == b->page && b->y1 > a->y1 &&
            b->y1 - a->y1 < 4 * height)
            tmp[k++] = b->y1 - a->y1;
    }
    lead = median(tmp, k, 1.5 * height);
    k = 0;
    for (size_t i = 0; i < all->n; i++)
        if (!all->v[i].drop)
            tmp[k++] = all->v[i].x1;
    left = median(tmp, k, 0);
    k = 0;
    for (size_t i = 0; i < all->n; i++)
        if (!all->v[i].drop)
            tmp[k++] = all->v[i].x2;
    right = k ? (qsort(tmp, k, sizeof *tmp, cmp_double), tmp[(k * 9) / 10]) : 0;

    for (size_t i = 0; i < all->n; i++) {
        const pline *p = &all->v[i];
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
            if (prev && out->open && para_lines <= 2 && prev->h > 1.2 * height)
                out->heading = 2;
            if ((st = ty__blocks_open(out, 0, err)) != TY_OK)
                goto done;
            para_lines = 0;
        }
        if ((st = ty__blocks_mark(out, &pos, err)) != TY_OK ||
            (st = join_line(out, p, lang, &v, err)) != TY_OK)
            goto done;
        para_lines++;
        prev = p;
    }
    if (prev && out->open && para_lines <= 2 && prev->h > 1.2 * height)
        out->heading = 2;
    st = ty__blocks_close(out, err);
done:
    ty__u64map_free(&v.words);
    free(tmp);
    return st;
}

static ty_status read_pdf(const char *bytes, size_t len, const ty__reader_opts *ro,
                         ty__blocks *out, ty_error *err)
{
    GBytes *gb = g_bytes_new_static(bytes, len);
    GError *ge = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(gb, NULL, &ge);
    lines all = {NULL, 0, 0};
    long pages;
    int images = 0;
    ty_status st = TY_OK;

    if (!doc) {
        int enc = ge && ge->domain == POPPLER_ERROR && ge->code == POPPLER_ERROR_ENCRYPTED;
        st = ty__fail(err, TY_ERR_FORMAT, ro->name, -1, -1,
                      enc ? "an encrypted PDF: it needs a password (decrypt it first, e.g. "
                            "qpdf --decrypt --password=PASSWORD IN OUT)%s"
                          : "not a readable PDF (%s)",
                      enc ? "" : (ge && ge->message ? ge->message : "damaged"));
        goto done;
    }
    pages = poppler_document_get_n_pages(doc);
    for (long i = 0; i < pages; i++) {
        PopplerPage *page = poppler_document_get_page(doc, (int)i);
        if (!page)
            continue;
        st = page_lines(page, i + 1, &all, &images, err);
        g_object_unref(page);
        if (st != TY_OK)
            goto done;
    }
    if (all.n == 0) {
        st = ty__fail(err, TY_ERR_FORMAT, ro->name, -1, -1,
                      images ? "page 1: no text layer, only images (a scanned PDF? run OCR "
                               "on it first)"
                             : "no text in the PDF (%ld pages)",
                      pages);
        goto done;
    }
    if ((st = furniture(&all, pages, err)) != TY_OK ||
        (st = paragraphs(&all, ro->lang, out, err)) != TY_OK)
        goto done;
    if (out->n == 0)
        st = ty__fail(err, TY_ERR_FORMAT, ro->name, -1, -1,
                      "no text in the PDF but page headers, footers and numbers");
done:
    lines_free(&all);
    if (ge)
        g_error_free(ge);
    if (doc)
        g_object_unref(doc);
    g_bytes_unref(gb);
    return st;
}

ty_status ty__read_pdf(const char *bytes, size_t len, const ty__reader_opts *ro,
                       ty__blocks *out, ty_error *err)
{
    ty_status st = ty__poppler_load(ro->name, err);

    return st != TY_OK ? st : read_pdf(bytes, len, ro, out, err);
}
