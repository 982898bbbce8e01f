/*
 * html.c — the HTML reader: the page's encoding (a BOM, then <meta charset> or http-equiv in
 * the first 4 KB, then detection), then two passes of the streaming parser (html_parse.c):
 * the first for html_content.c to choose the content, the second writing its text in
 * blocks (entities decoded): h1-h6 headings, one block per p, li, td, th, div and the other block elements,
 * <br> a line break, white space collapsed except in <pre>, ruby text (<rt>, <rp>) left out.
 * It does not decide what is the site (html_content.c) nor what is boilerplate (the drop
 * list, in segment/read.c).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats.h"
#include "html.h"
#include "base/alloc.h"
#include "base/error.h"
#include "text/text.h"

/* How far into the page <meta charset> is looked for (the HTML standard's prescan: 1024). */
#define META_SCAN 4096

/* Display names of the labels pages use for Japanese and Unicode encodings, as the decoder
 * takes them (ty_decode_opts.encoding); other labels go to ICU as they are. */
static const char *charset_label(const char *label, char *buf, size_t size)
{
    static const struct {
        const char *label, *name;
    } map[] = {
        {"shift_jis", "Shift_JIS"}, {"shift-jis", "Shift_JIS"}, {"sjis", "Shift_JIS"},
        {"x-sjis", "Shift_JIS"},    {"windows-31j", "Shift_JIS"}, {"cp932", "Shift_JIS"},
        {"ms_kanji", "Shift_JIS"},  {"euc-jp", "EUC-JP"},         {"x-euc-jp", "EUC-JP"},
        {"iso-2022-jp", "ISO-2022-JP"}, {"utf-8", "UTF-8"},       {"utf8", "UTF-8"},
        {"unicode-1-1-utf-8", "UTF-8"}, {"us-ascii", "UTF-8"},    {"ascii", "UTF-8"},
        {"iso-8859-1", "windows-1252"}, {"latin1", "windows-1252"},
    };
    for (size_t k = 0; k < sizeof map / sizeof *map; k++)
        if (!strcasecmp(label, map[k].label))
            return map[k].name;
    snprintf(buf, size, "%s", label);
    return buf;
}

/* The charset a <meta> in s[0, n) declares, into buf; NULL when none. */
static const char *meta_charset(const char *s, size_t n, char *buf, size_t size)
{
    size_t lim = n < META_SCAN ? n : META_SCAN;

    for (size_t i = 0; i + 5 < lim; i++) {
        size_t e, k;
        if (s[i] != '<' || strncasecmp(s + i + 1, "meta", 4) != 0)
            continue;
        for (e = i; e < lim && s[e] != '>'; e++)
            ;
        for (k = i; k + 7 < e; k++) {
            size_t v, w = 0;
            if (strncasecmp(s + k, "charset", 7) != 0)
                continue;
            v = k + 7;
            while (v < e && (s[v] == ' ' || s[v] == '\t'))
                v++;
            if (v >= e || s[v] != '=')
                continue;
            v++;
            while (v < e && (s[v] == ' ' || s[v] == '"' || s[v] == '\''))
                v++;
            while (v + w < e && w + 1 < size &&
                   (isalnum((unsigned char)s[v + w]) || strchr("-_.:", s[v + w])))
                w++;
            if (w == 0)
                continue;
            memcpy(buf, s + v, w);
            buf[w] = '\0';
            return buf;
        }
        i = e;
    }
    return NULL;
}

/* Decode the page (bytes: taken, decoded in place where they are UTF-8): the caller's
 * encoding, else a BOM, else a <meta> declaration (when it does not decode, detection: pages
 * do lie), else detection. */
static ty_status decode(char *bytes, size_t len, const ty__reader_opts *ro, ty_text **text,
                        ty_error *err)
{
    ty_decode_opts o = ro->decode;
    char label[64], name[64];
    const char *declared = NULL;
    ty_status st;

    if (!o.encoding && !(len >= 2 && (!memcmp(bytes, "\xFF\xFE", 2) ||
                                      !memcmp(bytes, "\xFE\xFF", 2) ||
                                      (len >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3))))) {
        if ((declared = meta_charset(bytes, len, label, sizeof label)))
            declared = charset_label(declared, name, sizeof name);
    }
    /* a page declared UTF-8 is read as undeclared: valid UTF-8 is taken as it is, and what
     * is not goes to detection as a failed declaration would */
    if (declared && strcasecmp(declared, "UTF-8") != 0 && len <= TY__TEXT_MAX) {
        st = ty__text_convert(bytes, len, &bytes, declared, NULL, ro->name, o.lenient, text,
                              err);
        if (st == TY_OK || (st != TY_ERR_ENCODING && st != TY_ERR_INVALID)) {
            free(bytes); /* NULL when the text took them */
            return st;
        }
    }
    return ty__text_decode_owned(bytes, len, ro->name, &o, text, err);
}

/* Mark offsets are offsets of the decoded page; they become offsets of the file. */
static void map_offsets(ty__blocks *out, const ty_text *text)
{
    ty__offset_map m;

    ty__offset_map_open(&m, text);
    for (size_t i = 0; i < out->nmarks; i++)
        if (out->marks[i].pos.offset >= 0)
            out->marks[i].pos.offset =
                ty__offset_map_get(&m, (size_t)out->marks[i].pos.offset);
    ty__offset_map_close(&m);
}

/* Elements that start and end a block. */
static int block_tag(int tag)
{
    switch (tag) {
    case HT_ADDRESS: case HT_ARTICLE: case HT_ASIDE: case HT_BLOCKQUOTE: case HT_DD:
    case HT_DETAILS: case HT_DIV: case HT_DL: case HT_DT: case HT_FIELDSET: case HT_FIGCAPTION:
    case HT_FIGURE: case HT_FOOTER: case HT_HEADER: case HT_HR: case HT_LI: case HT_MAIN:
    case HT_OL: case HT_UL: case HT_P: case HT_PRE: case HT_SECTION: case HT_TABLE:
    case HT_TBODY: case HT_THEAD: case HT_TFOOT: case HT_TR: case HT_TD: case HT_TH:
    case HT_CAPTION: case HT_CENTER: case HT_SUMMARY: case HT_LEGEND: case HT_BODY:
    case HT_HTML: case HT_H1: case HT_H2: case HT_H3: case HT_H4: case HT_H5: case HT_H6:
    case HT_NAV: case HT_FORM:
        return 1;
    default:
        return 0;
    }
}

static int heading_level(int tag)
{
    return tag >= HT_H1 && tag <= HT_H6 ? tag - HT_H1 + 1 : 0;
}

/* The second pass: the text under plan->root, into out. */
typedef struct extractor {
    const ty__html_plan *plan;
    ty__blocks *out;
    const char *page;
    size_t depth, skip; /* open elements; the depth of the one left out (0: none) */
    int inside, pre;    /* whether inside the root; <pre> elements open */
    size_t line_at;     /* the line of offset line_at */
    long line;
    char *buf; /* text with its references decoded */
    size_t cap;
    ty_error *err;
} extractor;

static ty_status ex_open(void *ctx, uint32_t node, const ty__html_elem *e)
{
    extractor *x = ctx;

    x->depth++;
    if (x->skip)
        return TY_OK;
    if (!x->inside) {
        if (node != x->plan->root)
            return TY_OK;
        x->inside = 1;
        return ty__blocks_open(x->out, heading_level(e->tag), x->err);
    }
    if ((node < x->plan->n && x->plan->skip[node]) || ty__html_never_text(e->tag)) {
        x->skip = x->depth;
        return TY_OK;
    }
    if (e->tag == HT_BR)
        return ty__blocks_break(x->out, x->err);
    if (e->tag == HT_PRE)
        x->pre++;
    return block_tag(e->tag) ? ty__blocks_open(x->out, heading_level(e->tag), x->err) : TY_OK;
}

static ty_status ex_close(void *ctx, uint32_t node, ty__html_tag tag)
{
    extractor *x = ctx;
    ty_status st = TY_OK;

    if (x->skip) {
        if (x->skip == x->depth)
            x->skip = 0;
    } else if (x->inside) {
        if (tag == HT_PRE && x->pre > 0 && node != x->plan->root)
            x->pre--;
        /* after a block element, what follows is a block of its own */
        if (block_tag(tag))
            st = ty__blocks_close(x->out, x->err);
        if (node == x->plan->root)
            x->inside = 0;
    }
    x->depth--;
    return st;
}

static ty_status ex_text(void *ctx, size_t at, const char *s, size_t n)
{
    extractor *x = ctx;
    ty_status st;
    size_t i = 0;

    if (x->skip || !x->inside)
        return TY_OK;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
                     s[i] == '\f'))
        i++;
    if (i < n) { /* white space alone has no position */
        ty__pos pos = {(long long)at, -1, 0, -1};
        for (const char *p = x->page + x->line_at, *end = x->page + at;
             (p = memchr(p, '\n', (size_t)(end - p))); p++)
            x->line++;
        x->line_at = at;
        pos.line = x->line;
        if ((st = ty__blocks_mark(x->out, &pos, x->err)) != TY_OK)
            return st;
    }
    if (memchr(s, '&', n)) {
        if (n > x->cap && ty__grow((void **)&x->buf, &x->cap, n, 1) != 0)
            return ty__nomem(x->err);
        n = ty__html_unescape(s, n, x->buf);
        s = x->buf;
    }
    return ty__blocks_text(x->out, s, n, !x->pre, x->err);
}

static ty_status extract(const char *page, size_t len, const ty__html_plan *plan,
                         ty__blocks *out, ty_error *err)
{
    extractor x;
    ty__html_sink sink = {&x, 0, ex_open, ex_close, ex_text};
    ty_status st;

    memset(&x, 0, sizeof x);
    x.plan = plan;
    x.out = out;
    x.page = page;
    x.line = 1;
    x.err = err;
    st = ty__html_parse(page, len, &sink, err);
    if (st == TY_OK)
        st = ty__blocks_close(out, err);
    free(x.buf);
    return st;
}

ty_status ty__read_html(char *bytes, size_t len, const ty__reader_opts *ro, ty__blocks *out,
                        ty_error *err)
{
    ty_text *text = NULL;
    ty__html_plan plan;
    const char *u8;
    size_t u8len;
    ty_status st;

    memset(&plan, 0, sizeof plan);
    if ((st = decode(bytes, len, ro, &text, err)) != TY_OK)
        return st;
    u8 = ty_text_utf8(text, &u8len);
    if ((st = ty__html_plan_make(u8, u8len, ro->content, ro->name, &plan, err)) != TY_OK)
        goto done;
    /* the text is never longer than the page (references are never shorter than their
     * characters; a <br> is longer than its line break) */
    if ((st = ty__blocks_reserve(out, u8len + 1, plan.n + 1, plan.runs + 1, err)) != TY_OK ||
        (st = extract(u8, u8len, &plan, out, err)) != TY_OK)
        goto done;
    snprintf(out->encoding, sizeof out->encoding, "%s", ty_text_encoding(text));
    out->replacements = ty_text_replacements(text);
    if (out->n == 0) {
        st = ty__fail(err, TY_ERR_FORMAT, ro->name, -1, -1,
                      ro->content ? "no text in the element --content '%s' names"
                                  : "no text in the page's content%s (a page of links or "
                                    "scripts only? --content SELECTOR names the content)",
                      ro->content ? ro->content : "");
        goto done;
    }
    map_offsets(out, text);
done:
    ty__html_plan_free(&plan);
    ty_text_free(text);
    return st;
}
