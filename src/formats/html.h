/*
 * html.h — private to the HTML reader: html.c (charset, parse, text) asks html_content.c
 * (which elements are the site rather than the document, and where the content starts).
 */
#ifndef TY_FORMATS_HTML_H
#define TY_FORMATS_HTML_H

#include <gumbo.h>

#include "base/u64map.h"
#include "taiyaku.h"

typedef struct ty__html_plan {
    ty__u64map skip;    /* elements left out with everything inside them (keyed by address) */
    const GumboNode *root; /* where the document's text starts */
} ty__html_plan;

/* Decide what to read of a parsed page. `content` ("#id", ".class", a tag name) names the
 * root (then only tags that never hold the document's text are left out: scripts, styles,
 * forms, navigation, ruby text); NULL finds it: elements that are the site by their tag
 * (nav, header, footer, aside, form), role or class and id names (menu, breadcrumb, sidebar,
 * footer, …) and containers mostly made of links are left out, and a main, article or
 * content-named element holding most of what is left becomes the root. A `content` that
 * matches nothing: TY_ERR_NOTFOUND. */
ty_status ty__html_plan_make(const GumboOutput *g, const char *content, const char *name,
                             ty__html_plan *plan, ty_error *err);
int ty__html_skipped(const ty__html_plan *plan, const GumboNode *node);
void ty__html_plan_free(ty__html_plan *plan);

/* Elements whose text is never the document's (script, style, ruby text, form controls,
 * …). */
int ty__html_never_text(GumboTag tag);

#endif
