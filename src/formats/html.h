/*
 * html.h — private to the HTML reader: html_parse.c (a streaming HTML tokenizer and the
 * tree-building rules of HTML5 that decide where elements end) calls its user back element by
 * element, without keeping a tree; html_content.c listens once to decide what is the site and
 * where the content starts; html.c listens a second time to write the chosen text in blocks.
 */
#ifndef TY_FORMATS_HTML_H
#define TY_FORMATS_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "taiyaku.h"

/* The elements the reader treats apart; every other element is HT_OTHER. */
typedef enum ty__html_tag {
    HT_OTHER, HT_A, HT_ADDRESS, HT_APPLET, HT_AREA, HT_ARTICLE, HT_ASIDE, HT_AUDIO, HT_B,
    HT_BASE, HT_BASEFONT, HT_BGSOUND, HT_BLOCKQUOTE, HT_BODY, HT_BR, HT_BUTTON, HT_CANVAS,
    HT_CAPTION, HT_CENTER, HT_COL, HT_COLGROUP, HT_DATALIST, HT_DD, HT_DETAILS, HT_DIALOG,
    HT_DIR, HT_DIV, HT_DL, HT_DT, HT_EMBED, HT_FIELDSET, HT_FIGCAPTION, HT_FIGURE, HT_FOOTER,
    HT_FORM, HT_FRAME, HT_FRAMESET, HT_H1, HT_H2, HT_H3, HT_H4, HT_H5, HT_H6, HT_HEAD,
    HT_HEADER, HT_HGROUP, HT_HR, HT_HTML, HT_IFRAME, HT_IMG, HT_INPUT, HT_KEYGEN, HT_LEGEND,
    HT_LI, HT_LINK, HT_LISTING, HT_MAIN, HT_MAP, HT_MARQUEE, HT_MATH, HT_MENU, HT_META, HT_NAV,
    HT_NOEMBED, HT_NOFRAMES, HT_NOSCRIPT, HT_OBJECT, HT_OL, HT_OPTGROUP, HT_OPTION, HT_P,
    HT_PARAM, HT_PLAINTEXT, HT_PRE, HT_RB, HT_RP, HT_RT, HT_RTC, HT_SCRIPT, HT_SEARCH,
    HT_SECTION, HT_SELECT, HT_SOURCE, HT_SPAN, HT_STYLE, HT_SUMMARY, HT_SVG, HT_TABLE,
    HT_TBODY, HT_TD, HT_TEMPLATE, HT_TEXTAREA, HT_TFOOT, HT_TH, HT_THEAD, HT_TITLE, HT_TR,
    HT_TRACK, HT_UL, HT_VIDEO, HT_WBR, HT_XMP,
    HT_NTAGS
} ty__html_tag;

/* A run of the page's bytes (not NUL-terminated, entities not decoded). */
typedef struct ty__html_span {
    const char *s;
    size_t n;
} ty__html_span;

/* An element as it opens. Its attributes are read only when the listener asks for them. */
typedef struct ty__html_elem {
    ty__html_tag tag;
    ty__html_span name;          /* as written (any case); empty for implied elements */
    ty__html_span id, cls, role; /* empty when absent */
} ty__html_elem;

/* What the parser calls, in document order. Elements are numbered from 0 (the html element,
 * always there) in the order they open, the same on every parse of the same page; every
 * element that opens closes, at the latest at the end of the page. `text` is a run of
 * character data as written (entities undecoded; script and style contents included) at
 * offset `at` of the page, inside the element last opened and not closed. A callback that
 * returns anything but TY_OK stops the parse with that status. */
typedef struct ty__html_sink {
    void *ctx;
    int attrs; /* whether `open` wants id, class and role */
    ty_status (*open)(void *ctx, uint32_t node, const ty__html_elem *e);
    ty_status (*close)(void *ctx, uint32_t node, ty__html_tag tag);
    ty_status (*text)(void *ctx, size_t at, const char *s, size_t n);
} ty__html_sink;

/* Parse s[0, n) (UTF-8) as HTML5 does where it matters for text: html, head and body
 * implied; p, li, dd, dt, td, th, tr, option and ruby text closed by what cannot be inside
 * them; end tags that close nothing open ignored, those of outer elements closing the inner
 * ones; void elements; script, style, textarea, title and the like read as raw text; svg and
 * math read as one opaque element; comments, doctypes and processing instructions skipped.
 * Not done: the adoption agency (a misnested </b> ends at the nearest block), foster
 * parenting of text misplaced in tables, the frameset and quirks modes. */
ty_status ty__html_parse(const char *s, size_t n, const ty__html_sink *sink, ty_error *err);

/* Decode the character references of s[0, n) into out (at most n bytes: a reference is
 * never shorter than its UTF-8), the HTML 4 names (libxml2's table) and numeric ones;
 * returns the length written. */
size_t ty__html_unescape(const char *s, size_t n, char *out);

/* The tag's name, lower case ("" for HT_OTHER). */
const char *ty__html_tag_name(ty__html_tag tag);

/* Elements whose text is never the document's (script, style, ruby text, form controls,
 * …). */
int ty__html_never_text(ty__html_tag tag);

/* What to read of a page, decided in one parse. */
typedef struct ty__html_plan {
    uint8_t *skip;  /* per element: left out with everything inside it */
    size_t n, cap;  /* elements */
    uint32_t root;  /* the element where the document's text starts */
    size_t runs;    /* runs of text that are not white space alone */
} ty__html_plan;

/* Decide what to read of the page s[0, n). `content` ("#id", ".class", a tag name) names the
 * root (then only tags that never hold the document's text are left out: scripts, styles,
 * forms, navigation, ruby text); NULL finds it: elements that are the site by their tag
 * (nav, header, footer, aside, form), role or class and id names (menu, breadcrumb, sidebar,
 * footer, …) and containers mostly made of links are left out, and a main, article or
 * content-named element holding most of what is left becomes the root. A `content` that
 * matches nothing: TY_ERR_NOTFOUND. */
ty_status ty__html_plan_make(const char *s, size_t n, const char *content, const char *name,
                             ty__html_plan *plan, ty_error *err);
void ty__html_plan_free(ty__html_plan *plan);

#endif
