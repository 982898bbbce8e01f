/*
 * html_parse.c — a streaming HTML parser for text extraction: an HTML5 tokenizer (tags,
 * attributes, comments, doctypes, raw text elements, character data) and the part of HTML5's
 * tree building that decides where elements open and close (html, head and body implied,
 * implied end tags, scopes, stray end tags ignored), calling its listener per element and per
 * run of text. It keeps only the stack of open elements, never a tree, and decodes nothing
 * but character references when asked (ty__html_unescape). It does not decide what to read
 * (html_content.c) nor write text (html.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "html.h"
#include "base/alloc.h"
#include "base/error.h"

/* Elements open at once at most; deeper ones open and close at once (browsers cap it too). */
#define MAX_DEPTH 4096

static const char *const tag_names[HT_NTAGS] = {
    "", "a", "address", "applet", "area", "article", "aside", "audio", "b", "base",
    "basefont", "bgsound", "blockquote", "body", "br", "button", "canvas", "caption", "center",
    "col", "colgroup", "datalist", "dd", "details", "dialog", "dir", "div", "dl", "dt",
    "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "h1",
    "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "img",
    "input", "keygen", "legend", "li", "link", "listing", "main", "map", "marquee", "math",
    "menu", "meta", "nav", "noembed", "noframes", "noscript", "object", "ol", "optgroup",
    "option", "p", "param", "plaintext", "pre", "rb", "rp", "rt", "rtc", "script", "search",
    "section", "select", "source", "span", "style", "summary", "svg", "table", "tbody", "td",
    "template", "textarea", "tfoot", "th", "thead", "title", "tr", "track", "ul", "video",
    "wbr", "xmp"};

/* What the tree-building rules need to know of a tag. */
enum {
    P_VOID = 1 << 0,     /* no content, no end tag */
    P_RAW = 1 << 1,      /* its content is text up to its end tag (or opaque: svg, math) */
    P_SPECIAL = 1 << 2,  /* HTML5's "special" category */
    P_CLOSES_P = 1 << 3, /* its start tag closes an open p */
    P_IMPLIED = 1 << 4,  /* closed by implied end tags */
    P_SCOPE = 1 << 5,    /* a boundary of the default scope */
    P_HEAD = 1 << 6,     /* belongs in head before the body starts */
};

static const unsigned short props[HT_NTAGS] = {
    [HT_ADDRESS] = P_SPECIAL | P_CLOSES_P,
    [HT_APPLET] = P_SPECIAL | P_SCOPE,
    [HT_AREA] = P_SPECIAL | P_VOID,
    [HT_ARTICLE] = P_SPECIAL | P_CLOSES_P,
    [HT_ASIDE] = P_SPECIAL | P_CLOSES_P,
    [HT_BASE] = P_SPECIAL | P_VOID | P_HEAD,
    [HT_BASEFONT] = P_SPECIAL | P_VOID | P_HEAD,
    [HT_BGSOUND] = P_SPECIAL | P_VOID | P_HEAD,
    [HT_BLOCKQUOTE] = P_SPECIAL | P_CLOSES_P,
    [HT_BODY] = P_SPECIAL,
    [HT_BR] = P_SPECIAL | P_VOID,
    [HT_BUTTON] = P_SPECIAL,
    [HT_CAPTION] = P_SPECIAL | P_SCOPE,
    [HT_CENTER] = P_SPECIAL | P_CLOSES_P,
    [HT_COL] = P_SPECIAL | P_VOID,
    [HT_COLGROUP] = P_SPECIAL,
    [HT_DD] = P_SPECIAL | P_IMPLIED,
    [HT_DETAILS] = P_SPECIAL | P_CLOSES_P,
    [HT_DIALOG] = P_CLOSES_P,
    [HT_DIR] = P_SPECIAL | P_CLOSES_P,
    [HT_DIV] = P_SPECIAL | P_CLOSES_P,
    [HT_DL] = P_SPECIAL | P_CLOSES_P,
    [HT_DT] = P_SPECIAL | P_IMPLIED,
    [HT_EMBED] = P_SPECIAL | P_VOID,
    [HT_FIELDSET] = P_SPECIAL | P_CLOSES_P,
    [HT_FIGCAPTION] = P_SPECIAL | P_CLOSES_P,
    [HT_FIGURE] = P_SPECIAL | P_CLOSES_P,
    [HT_FOOTER] = P_SPECIAL | P_CLOSES_P,
    [HT_FORM] = P_SPECIAL | P_CLOSES_P,
    [HT_FRAME] = P_SPECIAL | P_VOID,
    [HT_FRAMESET] = P_SPECIAL,
    [HT_H1] = P_SPECIAL | P_CLOSES_P,
    [HT_H2] = P_SPECIAL | P_CLOSES_P,
    [HT_H3] = P_SPECIAL | P_CLOSES_P,
    [HT_H4] = P_SPECIAL | P_CLOSES_P,
    [HT_H5] = P_SPECIAL | P_CLOSES_P,
    [HT_H6] = P_SPECIAL | P_CLOSES_P,
    [HT_HEAD] = P_SPECIAL,
    [HT_HEADER] = P_SPECIAL | P_CLOSES_P,
    [HT_HGROUP] = P_SPECIAL | P_CLOSES_P,
    [HT_HR] = P_SPECIAL | P_VOID | P_CLOSES_P,
    [HT_HTML] = P_SPECIAL | P_SCOPE,
    [HT_IFRAME] = P_SPECIAL | P_RAW,
    [HT_IMG] = P_SPECIAL | P_VOID,
    [HT_INPUT] = P_SPECIAL | P_VOID,
    [HT_KEYGEN] = P_SPECIAL | P_VOID,
    [HT_LI] = P_SPECIAL | P_IMPLIED,
    [HT_LINK] = P_SPECIAL | P_VOID | P_HEAD,
    [HT_LISTING] = P_SPECIAL | P_CLOSES_P,
    [HT_MAIN] = P_SPECIAL | P_CLOSES_P,
    [HT_MARQUEE] = P_SPECIAL | P_SCOPE,
    [HT_MATH] = P_RAW,
    [HT_MENU] = P_SPECIAL | P_CLOSES_P,
    [HT_META] = P_SPECIAL | P_VOID | P_HEAD,
    [HT_NAV] = P_SPECIAL | P_CLOSES_P,
    [HT_NOEMBED] = P_SPECIAL | P_RAW,
    [HT_NOFRAMES] = P_SPECIAL | P_RAW | P_HEAD,
    [HT_NOSCRIPT] = P_SPECIAL | P_RAW | P_HEAD,
    [HT_OBJECT] = P_SPECIAL | P_SCOPE,
    [HT_OL] = P_SPECIAL | P_CLOSES_P,
    [HT_OPTGROUP] = P_IMPLIED,
    [HT_OPTION] = P_IMPLIED,
    [HT_P] = P_SPECIAL | P_CLOSES_P | P_IMPLIED,
    [HT_PARAM] = P_SPECIAL | P_VOID,
    [HT_PLAINTEXT] = P_SPECIAL | P_RAW | P_CLOSES_P,
    [HT_PRE] = P_SPECIAL | P_CLOSES_P,
    [HT_RB] = P_IMPLIED,
    [HT_RP] = P_IMPLIED,
    [HT_RT] = P_IMPLIED,
    [HT_RTC] = P_IMPLIED,
    [HT_SCRIPT] = P_SPECIAL | P_RAW | P_HEAD,
    [HT_SEARCH] = P_SPECIAL | P_CLOSES_P,
    [HT_SECTION] = P_SPECIAL | P_CLOSES_P,
    [HT_SELECT] = P_SPECIAL,
    [HT_SOURCE] = P_SPECIAL | P_VOID,
    [HT_STYLE] = P_SPECIAL | P_RAW | P_HEAD,
    [HT_SUMMARY] = P_SPECIAL | P_CLOSES_P,
    [HT_SVG] = P_RAW,
    [HT_TABLE] = P_SPECIAL | P_CLOSES_P | P_SCOPE,
    [HT_TBODY] = P_SPECIAL,
    [HT_TD] = P_SPECIAL | P_SCOPE,
    [HT_TEMPLATE] = P_SPECIAL | P_SCOPE | P_RAW | P_HEAD,
    [HT_TEXTAREA] = P_SPECIAL | P_RAW,
    [HT_TFOOT] = P_SPECIAL,
    [HT_TH] = P_SPECIAL | P_SCOPE,
    [HT_THEAD] = P_SPECIAL,
    [HT_TITLE] = P_SPECIAL | P_RAW | P_HEAD,
    [HT_TR] = P_SPECIAL,
    [HT_TRACK] = P_SPECIAL | P_VOID,
    [HT_UL] = P_SPECIAL | P_CLOSES_P,
    [HT_WBR] = P_SPECIAL | P_VOID,
    [HT_XMP] = P_SPECIAL | P_RAW | P_CLOSES_P,
};

const char *ty__html_tag_name(ty__html_tag tag)
{
    return (unsigned)tag < HT_NTAGS ? tag_names[tag] : "";
}

static int heading(int tag)
{
    return tag >= HT_H1 && tag <= HT_H6;
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The tag of a name (any case), and a hash of the name in lower case (to tell unknown tags
 * apart). */
static ty__html_tag lookup(const char *s, size_t n, uint32_t *hash)
{
    char buf[16];
    uint32_t h = 2166136261u;
    size_t lo = 1, hi = HT_NTAGS;

    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint32_t)lower((unsigned char)s[i])) * 16777619u;
    *hash = h;
    if (n >= sizeof buf)
        return HT_OTHER;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)lower((unsigned char)s[i]);
    buf[n] = '\0';
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(buf, tag_names[mid]);
        if (c == 0)
            return (ty__html_tag)mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return HT_OTHER;
}

/* ---- character references ----------------------------------------------------------- */

static size_t put_utf8(char *out, unsigned long c)
{
    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        c = 0xFFFD;
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* The reference at s[0, n) (s[0] is '&'): its length, 0 when it is none; its code point. */
static size_t reference(const char *s, size_t n, unsigned long *cp)
{
    size_t i = 1, k;
    char name[33];

    if (i < n && s[i] == '#') {
        unsigned long c = 0;
        int hex = i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X');
        i += 1 + hex;
        for (k = i; k < n; k++) {
            int ch = (unsigned char)s[k], d;
            if (ch >= '0' && ch <= '9')
                d = ch - '0';
            else if (hex && lower(ch) >= 'a' && lower(ch) <= 'f')
                d = lower(ch) - 'a' + 10;
            else
                break;
            c = c > 0x10FFFF ? c : c * (hex ? 16 : 10) + (unsigned long)d;
        }
        if (k == i)
            return 0;
        *cp = c;
        return k + (k < n && s[k] == ';');
    }
    for (k = i; k < n && k - i < sizeof name - 1 &&
                ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
                 (s[k] >= '0' && s[k] <= '9'));
         k++)
        name[k - i] = s[k];
    if (k == i)
        return 0;
    name[k - i] = '\0';
    if (k < n && s[k] == ';') {
        const htmlEntityDesc *e;
        if (!strcmp(name, "apos")) {
            *cp = '\'';
            return k + 1;
        }
        if (!(e = htmlEntityLookup((const xmlChar *)name)))
            return 0;
        *cp = e->value;
        return k + 1;
    }
    /* the common references browsers take without their semicolon */
    static const struct {
        const char *name;
        unsigned long cp;
    } legacy[] = {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"nbsp", 0xA0},
                  {"copy", 0xA9}, {"reg", 0xAE}};
    for (size_t j = 0; j < sizeof legacy / sizeof *legacy; j++) {
        size_t l = strlen(legacy[j].name);
        if (k - i >= l && !memcmp(name, legacy[j].name, l)) {
            *cp = legacy[j].cp;
            return i + l;
        }
    }
    return 0;
}

size_t ty__html_unescape(const char *s, size_t n, char *out)
{
    size_t i = 0, o = 0;

    while (i < n) {
        const char *amp = memchr(s + i, '&', n - i);
        size_t k = amp ? (size_t)(amp - s) : n, len;
        unsigned long cp;
        memmove(out + o, s + i, k - i);
        o += k - i;
        i = k;
        if (i >= n)
            break;
        if ((len = reference(s + i, n - i, &cp)) == 0) {
            out[o++] = '&';
            i++;
            continue;
        }
        o += put_utf8(out + o, cp);
        i += len;
    }
    return o;
}

/* ---- tree building ---------------------------------------------------------------------- */

typedef struct frame {
    uint32_t id, hash;
    int tag;
} frame;

typedef struct parser {
    const char *s;
    size_t n, at; /* the page; where the tokenizer is */
    const ty__html_sink *k;
    frame *st;
    size_t depth, cap;
    uint32_t open[HT_NTAGS]; /* elements of each tag on the stack, so that a search for a tag
                                that is not open does not walk the stack */
    uint32_t next;
    int body, head; /* whether body opened; where head is on the stack (0: not open) */
    int head_seen, strip_newline;
    ty_status status;
    ty_error *err;
} parser;

static void open_el(parser *p, const ty__html_elem *e, uint32_t hash)
{
    uint32_t id = p->next++;

    if (p->status != TY_OK)
        return;
    if ((p->status = p->k->open(p->k->ctx, id, e)) != TY_OK)
        return;
    if ((props[e->tag] & P_VOID) || p->depth >= MAX_DEPTH) {
        p->status = p->k->close(p->k->ctx, id, e->tag);
        return;
    }
    if (p->depth == p->cap && ty__grow((void **)&p->st, &p->cap, p->depth + 1, sizeof *p->st)) {
        p->status = ty__nomem(p->err);
        return;
    }
    p->st[p->depth].id = id;
    p->st[p->depth].hash = hash;
    p->st[p->depth++].tag = e->tag;
    p->open[e->tag]++;
}

static void implied(parser *p, int tag)
{
    ty__html_elem e;
    memset(&e, 0, sizeof e);
    e.tag = (ty__html_tag)tag;
    open_el(p, &e, 0);
}

/* Close the elements from the stack's index i up. */
static void pop_to(parser *p, size_t i)
{
    while (p->depth > i && p->status == TY_OK) {
        frame *f = &p->st[--p->depth];
        p->open[f->tag]--;
        if ((int)p->depth == p->head && p->head)
            p->head = 0;
        p->status = p->k->close(p->k->ctx, f->id, (ty__html_tag)f->tag);
    }
}

/* Where an element of one of the tags (a bit mask over the tags, 2 words) is open in the
 * scope whose boundaries `bound` says; -1 when it is not. */
typedef struct tagset {
    uint64_t w[2];
} tagset;

static int in_set(const tagset *t, int tag)
{
    return (int)((t->w[tag >> 6] >> (tag & 63)) & 1);
}

static tagset set_of(const int *tags, size_t n)
{
    tagset t = {{0, 0}};
    for (size_t i = 0; i < n; i++)
        t.w[tags[i] >> 6] |= (uint64_t)1 << (tags[i] & 63);
    return t;
}

enum { SCOPE_DEFAULT, SCOPE_BUTTON, SCOPE_LIST, SCOPE_TABLE };

static int boundary(int tag, int scope)
{
    if (scope == SCOPE_TABLE)
        return tag == HT_HTML || tag == HT_TABLE || tag == HT_TEMPLATE;
    if (props[tag] & P_SCOPE)
        return 1;
    return (scope == SCOPE_BUTTON && tag == HT_BUTTON) ||
           (scope == SCOPE_LIST && (tag == HT_OL || tag == HT_UL));
}

static long find(const parser *p, const tagset *want, int scope)
{
    int any = 0;

    for (int w = 0; w < 2 && !any; w++)
        for (uint64_t bits = want->w[w]; bits && !any; bits &= bits - 1)
            any = p->open[w * 64 + __builtin_ctzll(bits)] != 0;
    if (!any) /* none is open: an answer without walking a deep stack */
        return -1;
    for (size_t i = p->depth; i-- > 0;) {
        if (in_set(want, p->st[i].tag))
            return (long)i;
        if (boundary(p->st[i].tag, scope))
            return -1;
    }
    return -1;
}

static long find1(const parser *p, int tag, int scope)
{
    tagset t = set_of(&tag, 1);
    return find(p, &t, scope);
}

/* Close implied elements (p, li, dd, dt, option, ruby text) on top, but not `except`. */
static void implied_ends(parser *p, int except)
{
    while (p->depth > 0 && p->status == TY_OK && p->st[p->depth - 1].tag != except &&
           (props[p->st[p->depth - 1].tag] & P_IMPLIED))
        pop_to(p, p->depth - 1);
}

static void close_p(parser *p)
{
    long i = find1(p, HT_P, SCOPE_BUTTON);
    if (i >= 0) {
        implied_ends(p, HT_P);
        pop_to(p, (size_t)i);
    }
}

static void close_cell(parser *p)
{
    static const int cells[] = {HT_TD, HT_TH};
    tagset t = set_of(cells, 2);
    long i = find(p, &t, SCOPE_TABLE);
    if (i >= 0)
        pop_to(p, (size_t)i);
}

static void ensure_body(parser *p)
{
    if (p->body)
        return;
    if (p->head)
        pop_to(p, (size_t)p->head);
    p->body = 1;
    implied(p, HT_BODY);
}

static void start_tag(parser *p, const ty__html_elem *e, uint32_t hash)
{
    int t = e->tag;

    if (t == HT_HTML || t == HT_FRAMESET || t == HT_FRAME)
        return;
    if (!p->body) {
        if (t == HT_HEAD) {
            if (!p->head_seen) {
                p->head_seen = 1;
                p->head = (int)p->depth;
                open_el(p, e, hash);
            }
            return;
        }
        if (props[t] & P_HEAD) {
            if (!p->head_seen) {
                p->head_seen = 1;
                p->head = (int)p->depth;
                implied(p, HT_HEAD);
            }
            open_el(p, e, hash);
            return;
        }
        if (t == HT_BODY) {
            if (p->head)
                pop_to(p, (size_t)p->head);
            p->body = 1;
            open_el(p, e, hash);
            return;
        }
        ensure_body(p);
    } else if (t == HT_BODY || t == HT_HEAD) {
        return;
    }
    if ((t == HT_TD || t == HT_TH || t == HT_TR || t == HT_TBODY || t == HT_THEAD ||
         t == HT_TFOOT || t == HT_CAPTION || t == HT_COL || t == HT_COLGROUP) &&
        find1(p, HT_TABLE, SCOPE_TABLE) < 0)
        return; /* table parts outside a table are ignored */
    if (props[t] & P_CLOSES_P)
        close_p(p);
    if (heading(t) && p->depth > 0 && heading(p->st[p->depth - 1].tag))
        pop_to(p, p->depth - 1);
    if (t == HT_LI || t == HT_DD || t == HT_DT) {
        for (size_t i = p->depth; i-- > 0;) {
            int o = p->st[i].tag;
            if (t == HT_LI ? o == HT_LI : (o == HT_DD || o == HT_DT)) {
                implied_ends(p, o);
                pop_to(p, i);
                break;
            }
            if ((props[o] & P_SPECIAL) && o != HT_ADDRESS && o != HT_DIV && o != HT_P)
                break;
        }
        close_p(p);
    } else if (t == HT_A) {
        long i = find1(p, HT_A, SCOPE_DEFAULT);
        if (i >= 0)
            pop_to(p, (size_t)i);
    } else if (t == HT_TD || t == HT_TH || t == HT_CAPTION || t == HT_COLGROUP || t == HT_COL) {
        close_cell(p);
    } else if (t == HT_TR || t == HT_TBODY || t == HT_THEAD || t == HT_TFOOT) {
        static const int sections[] = {HT_TBODY, HT_THEAD, HT_TFOOT};
        tagset sec = set_of(sections, 3);
        long i;
        close_cell(p);
        if ((i = find1(p, HT_TR, SCOPE_TABLE)) >= 0)
            pop_to(p, (size_t)i);
        if (t != HT_TR && (i = find(p, &sec, SCOPE_TABLE)) >= 0)
            pop_to(p, (size_t)i);
    } else if (t == HT_OPTION || t == HT_OPTGROUP) {
        if (p->depth > 0 && p->st[p->depth - 1].tag == HT_OPTION)
            pop_to(p, p->depth - 1);
        if (t == HT_OPTGROUP && p->depth > 0 && p->st[p->depth - 1].tag == HT_OPTGROUP)
            pop_to(p, p->depth - 1);
    } else if (t == HT_RB || t == HT_RTC || t == HT_RT || t == HT_RP) {
        while (p->depth > 0 && p->status == TY_OK) {
            int o = p->st[p->depth - 1].tag;
            if (!(o == HT_RB || o == HT_RP || o == HT_RT || (o == HT_RTC && t != HT_RT &&
                                                             t != HT_RP)))
                break;
            pop_to(p, p->depth - 1);
        }
    } else if (t == HT_BUTTON) {
        long i = find1(p, HT_BUTTON, SCOPE_DEFAULT);
        if (i >= 0)
            pop_to(p, (size_t)i);
    }
    open_el(p, e, hash);
    if (t == HT_PRE || t == HT_LISTING || t == HT_TEXTAREA)
        p->strip_newline = 1;
}

static void end_tag(parser *p, int t, uint32_t hash)
{
    long i;

    if (t == HT_BR) { /* </br> is <br> */
        ty__html_elem e;
        memset(&e, 0, sizeof e);
        e.tag = HT_BR;
        start_tag(p, &e, 0);
        return;
    }
    if (t == HT_HEAD) {
        if (p->head)
            pop_to(p, (size_t)p->head);
        return;
    }
    if (!p->body || t == HT_HTML || t == HT_BODY)
        return;
    if (t == HT_P) {
        if ((i = find1(p, HT_P, SCOPE_BUTTON)) < 0) { /* </p> alone is an empty p */
            size_t d = p->depth;
            implied(p, HT_P);
            if (p->depth > d)
                pop_to(p, d);
        } else {
            implied_ends(p, HT_P);
            pop_to(p, (size_t)i);
        }
        return;
    }
    if (heading(t)) {
        static const int hs[] = {HT_H1, HT_H2, HT_H3, HT_H4, HT_H5, HT_H6};
        tagset h = set_of(hs, 6);
        if ((i = find(p, &h, SCOPE_DEFAULT)) >= 0)
            pop_to(p, (size_t)i);
        return;
    }
    if (t == HT_TD || t == HT_TH || t == HT_TR || t == HT_TBODY || t == HT_THEAD ||
        t == HT_TFOOT || t == HT_TABLE || t == HT_CAPTION) {
        if ((i = find1(p, t, SCOPE_TABLE)) >= 0)
            pop_to(p, (size_t)i);
        return;
    }
    if (props[t] & P_SPECIAL || t == HT_DIALOG || (props[t] & P_IMPLIED)) {
        if ((i = find1(p, t, t == HT_LI ? SCOPE_LIST : SCOPE_DEFAULT)) >= 0)
            pop_to(p, (size_t)i);
        return;
    }
    /* any other end tag: the nearest open element of its name, unless a special one is
     * nearer */
    for (size_t k = p->depth; k-- > 1;) {
        if (p->st[k].tag == t && (t != HT_OTHER || p->st[k].hash == hash)) {
            pop_to(p, k);
            return;
        }
        if (props[p->st[k].tag] & P_SPECIAL)
            return;
    }
}

/* ---- the tokenizer ----------------------------------------------------------------------- */

static void text(parser *p, size_t from, size_t to)
{
    if (p->strip_newline && from < to) {
        if (p->s[from] == '\r')
            from++;
        if (from < to && p->s[from] == '\n')
            from++;
    }
    p->strip_newline = 0;
    if (from >= to || p->status != TY_OK)
        return;
    if (!p->body) {
        size_t i = from;
        while (i < to && space((unsigned char)p->s[i]))
            i++;
        if (i == to)
            return; /* white space before the body is nobody's text */
        ensure_body(p);
        if (p->status != TY_OK)
            return;
    }
    p->status = p->k->text(p->k->ctx, from, p->s + from, to - from);
}

/* Find "</name" ending a raw text element from p->at; its offset, or n. */
static size_t raw_end(const parser *p, const char *name, size_t len)
{
    const char *s = p->s;
    size_t i = p->at;

    while (i < p->n) {
        const char *lt = memchr(s + i, '<', p->n - i);
        size_t k;
        if (!lt)
            return p->n;
        i = (size_t)(lt - s);
        if (i + 2 + len <= p->n && s[i + 1] == '/') {
            for (k = 0; k < len && lower((unsigned char)s[i + 2 + k]) == name[k]; k++)
                ;
            if (k == len && (i + 2 + len == p->n || space((unsigned char)s[i + 2 + len]) ||
                             s[i + 2 + len] == '/' || s[i + 2 + len] == '>'))
                return i;
        }
        i++;
    }
    return p->n;
}

/* Skip to after the next '>' from i (the end of the page when there is none). */
static size_t past_gt(const parser *p, size_t i)
{
    const char *gt = i < p->n ? memchr(p->s + i, '>', p->n - i) : NULL;
    return gt ? (size_t)(gt - p->s) + 1 : p->n;
}

static int attr_is(const char *s, size_t n, const char *name)
{
    size_t k;
    for (k = 0; k < n && name[k] && lower((unsigned char)s[k]) == name[k]; k++)
        ;
    return k == n && !name[k];
}

/* A tag from p->at (at '<' then a letter, or '</' then a letter); returns 0 at the end of
 * the page inside the tag (the tag is dropped). */
static int tag(parser *p)
{
    const char *s = p->s;
    size_t n = p->n, i = p->at + 1, name0;
    int end = s[i] == '/';
    ty__html_elem e;
    uint32_t hash;

    memset(&e, 0, sizeof e);
    i += end;
    name0 = i;
    while (i < n && !space((unsigned char)s[i]) && s[i] != '/' && s[i] != '>')
        i++;
    e.name.s = s + name0;
    e.name.n = i - name0;
    e.tag = lookup(e.name.s, e.name.n, &hash);
    /* attributes */
    for (;;) {
        size_t a, an;
        while (i < n && (space((unsigned char)s[i]) || s[i] == '/'))
            i++;
        if (i >= n)
            return 0;
        if (s[i] == '>') {
            i++;
            break;
        }
        a = i++;
        while (i < n && !space((unsigned char)s[i]) && s[i] != '/' && s[i] != '>' &&
               s[i] != '=')
            i++;
        an = i - a;
        while (i < n && space((unsigned char)s[i]))
            i++;
        if (i < n && s[i] == '=') {
            size_t v, vn;
            i++;
            while (i < n && space((unsigned char)s[i]))
                i++;
            if (i >= n)
                return 0;
            if (s[i] == '"' || s[i] == '\'') {
                const char *q = memchr(s + i + 1, s[i], n - i - 1);
                if (!q)
                    return 0;
                v = i + 1;
                vn = (size_t)(q - s) - v;
                i = (size_t)(q - s) + 1;
            } else {
                v = i;
                while (i < n && !space((unsigned char)s[i]) && s[i] != '>')
                    i++;
                vn = i - v;
            }
            if (p->k->attrs && !end) {
                ty__html_span val = {s + v, vn};
                if (!e.id.s && attr_is(s + a, an, "id"))
                    e.id = val;
                else if (!e.cls.s && attr_is(s + a, an, "class"))
                    e.cls = val;
                else if (!e.role.s && attr_is(s + a, an, "role"))
                    e.role = val;
            }
        }
    }
    p->at = i;
    if (end) {
        end_tag(p, e.tag, hash);
        return 1;
    }
    p->strip_newline = 0;
    start_tag(p, &e, hash);
    if (!(props[e.tag] & P_RAW) || p->status != TY_OK || p->depth == 0 ||
        p->st[p->depth - 1].tag != (int)e.tag)
        return 1;
    if ((e.tag == HT_SVG || e.tag == HT_MATH) && s[i - 2] == '/') {
        pop_to(p, p->depth - 1); /* <svg/> */
    } else {
        /* raw text up to the end tag (plaintext: to the end of the page) */
        const char *nm = tag_names[e.tag];
        size_t stop = e.tag == HT_PLAINTEXT ? n : raw_end(p, nm, strlen(nm));
        if (stop > p->at && p->status == TY_OK)
            p->status = p->k->text(p->k->ctx, p->at, s + p->at, stop - p->at);
        pop_to(p, p->depth - 1);
        p->at = past_gt(p, stop);
    }
    return 1;
}

ty_status ty__html_parse(const char *s, size_t n, const ty__html_sink *sink, ty_error *err)
{
    parser p;

    memset(&p, 0, sizeof p);
    p.s = s;
    p.n = n;
    p.k = sink;
    p.err = err;
    implied(&p, HT_HTML);
    while (p.at < n && p.status == TY_OK) {
        size_t i = p.at, t0 = i;
        /* character data up to the next tag, comment or declaration */
        for (;;) {
            const char *lt = i < n ? memchr(s + i, '<', n - i) : NULL;
            if (!lt) {
                i = n;
                break;
            }
            i = (size_t)(lt - s);
            if (i + 1 < n && (alpha((unsigned char)s[i + 1]) || s[i + 1] == '!' ||
                              s[i + 1] == '?' || s[i + 1] == '/'))
                break;
            i++;
        }
        text(&p, t0, i);
        if (i >= n || p.status != TY_OK)
            break;
        p.at = i;
        if (s[i + 1] == '!') {
            if (i + 3 < n && s[i + 2] == '-' && s[i + 3] == '-') {
                /* a comment: to "-->" ("<!-->" and "<!--->" are empty ones) */
                size_t k = i + 4;
                if (k < n && s[k] == '>')
                    p.at = k + 1;
                else if (k + 1 < n && s[k] == '-' && s[k + 1] == '>')
                    p.at = k + 2;
                else {
                    for (p.at = n; k + 2 < n; k++) {
                        const char *d = memchr(s + k, '-', n - k);
                        if (!d)
                            break;
                        k = (size_t)(d - s);
                        if (k + 2 < n && s[k + 1] == '-' && s[k + 2] == '>') {
                            p.at = k + 3;
                            break;
                        }
                        if (k + 3 < n && s[k + 1] == '-' && s[k + 2] == '!' && s[k + 3] == '>') {
                            p.at = k + 4;
                            break;
                        }
                    }
                }
            } else {
                p.at = past_gt(&p, i + 2); /* a doctype or a bogus comment */
            }
            p.strip_newline = 0;
        } else if (s[i + 1] == '?') {
            p.at = past_gt(&p, i + 2);
        } else if (s[i + 1] == '/' && !(i + 2 < n && alpha((unsigned char)s[i + 2]))) {
            p.at = past_gt(&p, i + 2); /* "</>" and "</3": skipped */
        } else if (!tag(&p)) {
            break;
        }
    }
    if (p.status == TY_OK)
        pop_to(&p, 0);
    free(p.st);
    return p.status;
}
