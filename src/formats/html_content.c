/*
 * html_content.c — the main content of an HTML page, as readability-style extractors find
 * it: the site's parts are left out by tag (nav, header, footer, aside, form), by ARIA role
 * and by the words of their class and id ("breadcrumb", "gnavi", "sidebar", "pagetop"), and
 * containers whose text is mostly links (menus, link lists) are left out by link density;
 * then a main, article or content-named element that holds most of the remaining text is the
 * root. It does not extract text (html.c does) and does not judge single lines (boilerplate
 * lines are segment/read.c's, through the drop list).
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "base/alloc.h"
#include "base/error.h"

/* A container whose links hold at least this share of its text is a menu or link list. */
#define LINK_DENSITY 0.5
/* The named root must hold at least this share of the page's remaining text. */
#define ROOT_SHARE 0.25

/* Words of class and id names that name the site's parts. */
static const char *const chrome_words[] = {
    "nav", "navi", "navbar", "navigation", "gnav", "gnavi", "lnav", "lnavi", "snav", "snavi",
    "globalnav", "localnav", "subnav", "menu", "menubar", "sidemenu", "breadcrumb",
    "breadcrumbs", "crumb", "crumbs", "pankuzu", "topicpath", "sidebar", "side", "sidenav",
    "rightnavi", "leftnavi", "footer", "ftr", "banner", "share", "sns", "social", "pagetop",
    "totop", "skip", "skiplink", "related", "toolbar", "utility", "search", "cookie", "print",
    "masthead", "langswitch", "lang", "language", "ads", "advert", "sitemap", NULL};
/* Words that name the content. */
static const char *const content_words[] = {
    "main", "content", "contents", "maincontent", "maincontents", "article", "honbun", "entry",
    "post", "body", "text", "story", NULL};
static const char *const chrome_roles[] = {"navigation", "banner", "contentinfo",
                                           "complementary", "search", "menu", "menubar", NULL};

int ty__html_never_text(ty__html_tag tag)
{
    switch (tag) {
    case HT_SCRIPT: case HT_STYLE: case HT_NOSCRIPT: case HT_TEMPLATE: case HT_HEAD:
    case HT_TITLE: case HT_IFRAME: case HT_OBJECT: case HT_EMBED: case HT_SVG: case HT_MATH:
    case HT_CANVAS: case HT_SELECT: case HT_OPTION: case HT_BUTTON: case HT_INPUT:
    case HT_TEXTAREA: case HT_FORM: case HT_NAV: case HT_RT: case HT_RP: case HT_AUDIO:
    case HT_VIDEO: case HT_MAP: case HT_DATALIST:
        return 1;
    default:
        return 0;
    }
}

/* Whether an attribute value holds one of `words` as a word: split at white space, '-' and
 * '_', case-insensitive, a word of letters only compared whole ("side-menu" has "side" and
 * "menu"; "inside" has neither). */
static int has_word(ty__html_span v, const char *const *words)
{
    const char *p = v.s, *end = v.s + v.n;

    while (p < end) {
        size_t n, w;
        while (p < end && !isalnum((unsigned char)*p))
            p++;
        n = 0;
        while (p + n < end && isalnum((unsigned char)p[n]))
            n++;
        /* trailing digits do not count: "gnavi2" is "gnavi" */
        w = n;
        while (w > 0 && isdigit((unsigned char)p[w - 1]))
            w--;
        for (size_t k = 0; w > 0 && words[k]; k++)
            if (strlen(words[k]) == w && !strncasecmp(p, words[k], w))
                return 1;
        p += n;
    }
    return 0;
}

static int named_chrome(const ty__html_elem *e)
{
    if (e->role.s && has_word(e->role, chrome_roles))
        return 1;
    return (e->id.s && has_word(e->id, chrome_words)) ||
           (e->cls.s && has_word(e->cls, chrome_words));
}

/* A container judged by its link density. */
static int container(int tag)
{
    switch (tag) {
    case HT_UL: case HT_OL: case HT_DL: case HT_DIV: case HT_TABLE: case HT_SECTION:
    case HT_P: case HT_LI: case HT_SPAN: case HT_TD: case HT_TR:
        return 1;
    default:
        return 0;
    }
}

/* Visible characters (bytes that are not ASCII white space) of a text. */
static size_t ink(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f');
    return k;
}

static int span_is(ty__html_span v, const char *s)
{
    return v.s && strlen(s) == v.n && !memcmp(v.s, s, v.n);
}

/* A selector match: "#id", ".class" (one of its classes) or a tag name. */
static int matches(const ty__html_elem *e, const char *sel)
{
    if (sel[0] == '#')
        return span_is(e->id, sel + 1);
    if (sel[0] == '.') {
        size_t k = strlen(sel + 1);
        const char *p = e->cls.s, *end = e->cls.s + e->cls.n;
        if (!p || k == 0)
            return 0;
        while (p < end) {
            size_t n = 0;
            while (p < end && isspace((unsigned char)*p))
                p++;
            while (p + n < end && !isspace((unsigned char)p[n]))
                n++;
            if (n == k && !memcmp(p, sel + 1, k))
                return 1;
            p += n;
        }
        return 0;
    }
    if (e->name.n > 0)
        return strlen(sel) == e->name.n && !strncasecmp(e->name.s, sel, e->name.n);
    return !strcasecmp(ty__html_tag_name(e->tag), sel) && e->tag != HT_OTHER;
}

/* How a named root ranks: <main> or role=main 3, a single <article> 2, a content name 1. */
static int root_rank(const ty__html_elem *e)
{
    if (e->tag == HT_MAIN ||
        (e->role.s && e->role.n == 4 && !strncasecmp(e->role.s, "main", 4)))
        return 3;
    if (e->tag == HT_ARTICLE)
        return 2;
    if ((e->id.s && has_word(e->id, content_words)) ||
        (e->cls.s && has_word(e->cls, content_words)))
        return 1;
    return 0;
}

/* An open element: its visible text so far and the part of it inside links. */
typedef struct frame {
    size_t text, links;
    int tag, rank;
    unsigned link : 1;    /* its own text is link text */
    unsigned article : 1; /* inside main or article */
    unsigned chrome : 1;  /* named or tagged as the site's */
} frame;

typedef struct planner {
    ty__html_plan *plan;
    const char *content; /* NULL: the heuristic */
    frame *st;
    size_t n, cap;
    int have_root, best_rank, have_best, have_body;
    uint32_t best, body;
    size_t best_text, body_text;
    ty_error *err;
} planner;

static ty_status plan_open(void *ctx, uint32_t node, const ty__html_elem *e)
{
    planner *P = ctx;
    ty__html_plan *plan = P->plan;
    const frame *up;
    frame *f;

    if (node >= plan->cap && ty__grow((void **)&plan->skip, &plan->cap, (size_t)node + 1, 1))
        return ty__nomem(P->err);
    plan->skip[node] = 0;
    plan->n = (size_t)node + 1;
    if (P->n == P->cap && ty__grow((void **)&P->st, &P->cap, P->n + 1, sizeof *P->st))
        return ty__nomem(P->err);
    up = P->n ? &P->st[P->n - 1] : NULL; /* after the stack moved */
    f = &P->st[P->n++];
    memset(f, 0, sizeof *f);
    f->tag = e->tag;
    f->link = (up && up->link) || e->tag == HT_A;
    f->article = up && (up->article || up->tag == HT_MAIN || up->tag == HT_ARTICLE);
    if (P->content) {
        if (!P->have_root && matches(e, P->content)) {
            plan->root = node; /* the first match in document order */
            P->have_root = 1;
        }
        return TY_OK;
    }
    /* header, footer and aside are the site's; a header inside main or article is the
     * article's own (its title) */
    f->chrome = e->tag == HT_FOOTER || e->tag == HT_ASIDE ||
                (e->tag == HT_HEADER && !f->article) || named_chrome(e);
    f->rank = root_rank(e);
    return TY_OK;
}

static ty_status plan_text(void *ctx, size_t at, const char *s, size_t n)
{
    planner *P = ctx;
    frame *f = &P->st[P->n - 1];
    size_t k = ink(s, n);

    (void)at;
    P->plan->runs += k > 0;
    f->text += k;
    if (f->link)
        f->links += k;
    return TY_OK;
}

/* Post-order: an element's counts are known when it closes. */
static ty_status plan_close(void *ctx, uint32_t node, ty__html_tag tag)
{
    planner *P = ctx;
    frame f = P->st[--P->n];
    int out = ty__html_never_text(tag) ||
              (!P->content && (f.chrome || (container(f.tag) && f.text > 0 && f.links > 0 &&
                                            (double)f.links >= LINK_DENSITY * (double)f.text)));

    if (out) {
        P->plan->skip[node] = 1;
        f.text = f.links = 0;
    } else {
        if (f.rank > 0 && (f.rank > P->best_rank || (f.rank == P->best_rank &&
                                                     f.text > P->best_text))) {
            P->best = node;
            P->have_best = 1;
            P->best_rank = f.rank;
            P->best_text = f.text - f.links;
        }
        if (tag == HT_BODY) {
            P->body = node;
            P->have_body = 1;
            P->body_text = f.text - f.links;
        }
    }
    if (P->n > 0) {
        P->st[P->n - 1].text += f.text;
        P->st[P->n - 1].links += f.links;
    }
    return TY_OK;
}

ty_status ty__html_plan_make(const char *s, size_t n, const char *content, const char *name,
                             ty__html_plan *plan, ty_error *err)
{
    planner P;
    ty__html_sink sink = {&P, 1, plan_open, plan_close, plan_text};
    ty_status st;

    memset(plan, 0, sizeof *plan);
    memset(&P, 0, sizeof P);
    P.plan = plan;
    P.content = content && *content ? content : NULL;
    P.err = err;
    if ((st = ty__html_parse(s, n, &sink, err)) != TY_OK)
        goto done;
    if (P.content) {
        if (!P.have_root)
            st = ty__fail(err, TY_ERR_NOTFOUND, name, -1, -1,
                          "no element matches --content '%s'", content);
    } else if (P.have_best && (double)P.best_text >= ROOT_SHARE * (double)P.body_text) {
        plan->root = P.best;
    } else {
        plan->root = P.have_body ? P.body : 0;
    }
done:
    free(P.st);
    return st;
}

void ty__html_plan_free(ty__html_plan *plan)
{
    free(plan->skip);
    memset(plan, 0, sizeof *plan);
}
