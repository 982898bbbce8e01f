/*
 * html.c — the HTML reader: the page's encoding (a BOM, then <meta charset> or http-equiv in
 * the first 4 KB, then detection), HTML5 parsing through gumbo (entities decoded, broken
 * markup repaired as browsers do), and the text of the content html_content.c chose, in
 * blocks: h1-h6 headings, one block per p, li, td, th, div and the other block elements,
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

/* Decode the page: the caller's encoding, else a BOM, else a <meta> declaration (when it
 * does not decode, detection: pages do lie), else detection. */
static ty_status decode(const char *bytes, size_t len, const ty__reader_opts *ro,
                        ty_text **text, ty_error *err)
{
    ty_decode_opts o = ro->decode;
    char label[64], name[64];
    const char *declared = NULL;
    ty_status st;

    if (!o.encoding && !(len >= 2 && (!memcmp(bytes, "\xFF\xFE", 2) ||
                                      !memcmp(bytes, "\xFE\xFF", 2) ||
                                      (len >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3))))) {
        if ((declared = meta_charset(bytes, len, label, sizeof label)))
            o.encoding = charset_label(declared, name, sizeof name);
    }
    st = ty_text_decode(bytes, len, ro->name, &o, text, err);
    if (st != TY_OK && declared && (st == TY_ERR_ENCODING || st == TY_ERR_INVALID)) {
        o.encoding = NULL;
        st = ty_text_decode(bytes, len, ro->name, &o, text, err);
    }
    return st;
}

/* Elements that start and end a block. */
static int block_tag(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_HEADER: case GUMBO_TAG_HR:
    case GUMBO_TAG_LI: case GUMBO_TAG_MAIN: case GUMBO_TAG_OL: case GUMBO_TAG_UL:
    case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR:
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_CAPTION: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_SUMMARY: case GUMBO_TAG_LEGEND: case GUMBO_TAG_BODY: case GUMBO_TAG_HTML:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_NAV: case GUMBO_TAG_FORM:
        return 1;
    default:
        return 0;
    }
}

static int heading_level(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_H1: return 1;
    case GUMBO_TAG_H2: return 2;
    case GUMBO_TAG_H3: return 3;
    case GUMBO_TAG_H4: return 4;
    case GUMBO_TAG_H5: return 5;
    case GUMBO_TAG_H6: return 6;
    default: return 0;
    }
}

typedef struct hframe {
    const GumboNode *node;
    size_t next;
} hframe;

/* Write the text under plan->root into out. */
static ty_status extract(const ty__html_plan *plan, ty__blocks *out, ty_error *err)
{
    hframe *st = NULL;
    size_t n = 0, cap = 0;
    int pre = 0;
    ty_status s = TY_OK;

#define PUSH(nd)                                                                               \
    do {                                                                                       \
        if (n == cap && ty__grow((void **)&st, &cap, n + 1, sizeof *st) != 0)                  \
            goto nomem;                                                                        \
        st[n].node = (nd);                                                                     \
        st[n++].next = 0;                                                                      \
    } while (0)

    PUSH(plan->root);
    if ((s = ty__blocks_open(out, heading_level(plan->root->v.element.tag), err)) != TY_OK)
        goto done;
    while (n > 0) {
        hframe *f = &st[n - 1];
        const GumboNode *nd = f->node;
        const GumboVector *kids = &nd->v.element.children;
        GumboTag tag = nd->v.element.tag;

        if (f->next < kids->length) {
            const GumboNode *k = kids->data[f->next++];
            switch (k->type) {
            case GUMBO_NODE_TEXT:
            case GUMBO_NODE_CDATA:
            case GUMBO_NODE_WHITESPACE: {
                ty__pos pos = {(long long)k->v.text.start_pos.offset, -1,
                               (long)k->v.text.start_pos.line, -1};
                const char *t = k->v.text.text;
                if (k->type != GUMBO_NODE_WHITESPACE &&
                    (s = ty__blocks_mark(out, &pos, err)) != TY_OK)
                    goto done;
                if ((s = ty__blocks_text(out, t, strlen(t), !pre, err)) != TY_OK)
                    goto done;
                break;
            }
            case GUMBO_NODE_ELEMENT:
            case GUMBO_NODE_TEMPLATE: {
                GumboTag kt = k->v.element.tag;
                if (ty__html_skipped(plan, k) || ty__html_never_text(kt))
                    break;
                if (kt == GUMBO_TAG_BR) {
                    if ((s = ty__blocks_break(out, err)) != TY_OK)
                        goto done;
                    break;
                }
                if (block_tag(kt) && (s = ty__blocks_open(out, heading_level(kt), err)) != TY_OK)
                    goto done;
                if (kt == GUMBO_TAG_PRE)
                    pre++;
                PUSH(k);
                break;
            }
            default:
                break;
            }
            continue;
        }
        n--;
        if (tag == GUMBO_TAG_PRE && pre > 0)
            pre--;
        /* after a block element, what follows is a block of its own */
        if (block_tag(tag) && (s = ty__blocks_close(out, err)) != TY_OK)
            goto done;
    }
    s = ty__blocks_close(out, err);
done:
    free(st);
    return s;
nomem:
    free(st);
    return ty__nomem(err);
#undef PUSH
}

ty_status ty__read_html(const char *bytes, size_t len, const ty__reader_opts *ro,
                        ty__blocks *out, ty_error *err)
{
    ty_text *text = NULL;
    GumboOutput *g = NULL;
    ty__html_plan plan;
    GumboOptions gopts = kGumboDefaultOptions;
    const char *u8;
    size_t u8len;
    ty_status st;

    memset(&plan, 0, sizeof plan);
    if ((st = decode(bytes, len, ro, &text, err)) != TY_OK)
        return st;
    u8 = ty_text_utf8(text, &u8len);
    gopts.max_errors = 0; /* parse errors are repaired, not reported */
    if (!(g = gumbo_parse_with_options(&gopts, u8, u8len))) {
        st = ty__nomem(err);
        goto done;
    }
    if ((st = ty__html_plan_make(g, ro->content, ro->name, &plan, err)) != TY_OK)
        goto done;
    if ((st = extract(&plan, out, err)) != TY_OK)
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
    out->remap = text; /* mark offsets are in the decoded text; read.c maps them */
    text = NULL;
done:
    ty__html_plan_free(&plan);
    if (g)
        gumbo_destroy_output(&gopts, g);
    ty_text_free(text);
    return st;
}
