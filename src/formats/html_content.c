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

int ty__html_never_text(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH: case GUMBO_TAG_CANVAS: case GUMBO_TAG_SELECT: case GUMBO_TAG_OPTION:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_INPUT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_FORM:
    case GUMBO_TAG_NAV: case GUMBO_TAG_RT: case GUMBO_TAG_RP: case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO: case GUMBO_TAG_MAP: case GUMBO_TAG_DATALIST:
        return 1;
    default:
        return 0;
    }
}

/* Whether an attribute value holds one of `words` as a word: split at white space, '-' and
 * '_', case-insensitive, a word of letters only compared whole ("side-menu" has "side" and
 * "menu"; "inside" has neither). */
static int has_word(const char *value, const char *const *words)
{
    const char *p = value;

    while (*p) {
        size_t n;
        while (*p && !isalnum((unsigned char)*p))
            p++;
        n = 0;
        while (p[n] && isalnum((unsigned char)p[n]))
            n++;
        /* trailing digits do not count: "gnavi2" is "gnavi" */
        size_t w = n;
        while (w > 0 && isdigit((unsigned char)p[w - 1]))
            w--;
        for (size_t k = 0; w > 0 && words[k]; k++)
            if (strlen(words[k]) == w && !strncasecmp(p, words[k], w))
                return 1;
        p += n;
    }
    return 0;
}

static const char *attr(const GumboNode *n, const char *name)
{
    const GumboAttribute *a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a ? a->value : NULL;
}

static int named_chrome(const GumboNode *n)
{
    const char *id = attr(n, "id"), *cls = attr(n, "class"), *role = attr(n, "role");
    if (role && has_word(role, chrome_roles))
        return 1;
    return (id && has_word(id, chrome_words)) || (cls && has_word(cls, chrome_words));
}

/* header, footer and aside are the site's; a header inside main or article is the
 * article's own (its title). */
static int chrome_tag(const GumboNode *n)
{
    GumboTag tag = n->v.element.tag;
    if (tag == GUMBO_TAG_FOOTER || tag == GUMBO_TAG_ASIDE)
        return 1;
    if (tag != GUMBO_TAG_HEADER)
        return 0;
    for (const GumboNode *p = n->parent; p && p->type == GUMBO_NODE_ELEMENT; p = p->parent)
        if (p->v.element.tag == GUMBO_TAG_MAIN || p->v.element.tag == GUMBO_TAG_ARTICLE)
            return 0;
    return 1;
}

/* A container judged by its link density. */
static int container(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_DIV:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_SECTION: case GUMBO_TAG_P: case GUMBO_TAG_LI:
    case GUMBO_TAG_SPAN: case GUMBO_TAG_TD: case GUMBO_TAG_TR:
        return 1;
    default:
        return 0;
    }
}

/* Visible characters (bytes that are not ASCII white space) of a text. */
static size_t ink(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += !(*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f');
    return n;
}

/* Per element: its visible text, the part of it inside links. */
typedef struct counts {
    size_t text, links;
} counts;

typedef struct frame {
    const GumboNode *node;
    size_t next;   /* next child to visit */
    counts c;
    int in_link;
} frame;

typedef struct walk {
    frame *st;
    size_t n, cap;
} walk;

static int push(walk *w, const GumboNode *node, int in_link)
{
    if (w->n == w->cap && ty__grow((void **)&w->st, &w->cap, w->n + 1, sizeof *w->st) != 0)
        return -1;
    memset(&w->st[w->n], 0, sizeof w->st[w->n]);
    w->st[w->n].node = node;
    w->st[w->n].in_link = in_link;
    w->n++;
    return 0;
}

/* Whether an element is left out in heuristic mode, given its counts. */
static int leave_out(const GumboNode *n, const counts *c, int heuristic)
{
    GumboTag tag = n->v.element.tag;
    if (ty__html_never_text(tag))
        return 1;
    if (!heuristic)
        return 0;
    if (chrome_tag(n) || named_chrome(n))
        return 1;
    return container(tag) && c->text > 0 && c->links > 0 &&
           (double)c->links >= LINK_DENSITY * (double)c->text;
}

/* A selector match: "#id", ".class" (one of its classes) or a tag name. */
static int matches(const GumboNode *n, const char *sel)
{
    const char *v;
    if (sel[0] == '#')
        return (v = attr(n, "id")) && !strcmp(v, sel + 1);
    if (sel[0] == '.') {
        size_t k = strlen(sel + 1);
        if (!(v = attr(n, "class")) || k == 0)
            return 0;
        for (const char *p = v; (p = strstr(p, sel + 1)); p += k)
            if ((p == v || isspace((unsigned char)p[-1])) &&
                (p[k] == '\0' || isspace((unsigned char)p[k])))
                return 1;
        return 0;
    }
    return !strcasecmp(gumbo_normalized_tagname(n->v.element.tag), sel);
}

/* How a named root ranks: <main> or role=main 3, a single <article> 2, a content name 1. */
static int root_rank(const GumboNode *n)
{
    const char *role = attr(n, "role"), *id = attr(n, "id"), *cls = attr(n, "class");
    if (n->v.element.tag == GUMBO_TAG_MAIN || (role && !strcasecmp(role, "main")))
        return 3;
    if (n->v.element.tag == GUMBO_TAG_ARTICLE)
        return 2;
    if ((id && has_word(id, content_words)) || (cls && has_word(cls, content_words)))
        return 1;
    return 0;
}

ty_status ty__html_plan_make(const GumboOutput *g, const char *content, const char *name,
                             ty__html_plan *plan, ty_error *err)
{
    walk w = {NULL, 0, 0};
    const GumboNode *best = NULL, *body = NULL;
    size_t best_text = 0, body_text = 0;
    int best_rank = 0, heuristic = !content || !*content;
    ty_status st = TY_OK;

    memset(plan, 0, sizeof *plan);
    if (push(&w, g->root, 0) != 0)
        return ty__nomem(err);
    /* post-order: a node's counts are known when its last child is done */
    while (w.n > 0) {
        frame *f = &w.st[w.n - 1];
        const GumboNode *n = f->node;
        const GumboVector *kids = &n->v.element.children;

        if (n->type == GUMBO_NODE_ELEMENT && f->next < kids->length) {
            const GumboNode *k = kids->data[f->next++];
            if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_CDATA) {
                size_t t = ink(k->v.text.text);
                f->c.text += t;
                if (f->in_link || n->v.element.tag == GUMBO_TAG_A)
                    f->c.links += t;
            } else if (k->type == GUMBO_NODE_ELEMENT || k->type == GUMBO_NODE_TEMPLATE) {
                if (push(&w, k, f->in_link || n->v.element.tag == GUMBO_TAG_A) != 0)
                    goto nomem;
            }
            continue;
        }
        /* done with n */
        counts c = f->c;
        int out = n->type == GUMBO_NODE_ELEMENT && leave_out(n, &c, heuristic);
        if (out) {
            if (!ty__u64map_insert(&plan->skip, (uint64_t)(uintptr_t)n, 1, NULL))
                goto nomem;
            c.text = c.links = 0;
        }
        if (n->type == GUMBO_NODE_ELEMENT && !out) {
            int r = heuristic ? root_rank(n) : 0;
            if (!heuristic && !plan->root && matches(n, content))
                plan->root = n; /* post-order: the innermost first; fixed below */
            if (r > 0 && (r > best_rank || (r == best_rank && c.text > best_text))) {
                best = n;
                best_rank = r;
                best_text = c.text - c.links;
            }
            if (n->v.element.tag == GUMBO_TAG_BODY) {
                body = n;
                body_text = c.text - c.links;
            }
        }
        w.n--;
        if (w.n > 0) {
            w.st[w.n - 1].c.text += c.text;
            w.st[w.n - 1].c.links += c.links;
        }
    }
    if (!heuristic) {
        /* the first match in document order, not the first finished */
        plan->root = NULL;
        if (push(&w, g->root, 0) != 0)
            goto nomem;
        while (w.n > 0 && !plan->root) {
            const GumboNode *n = w.st[--w.n].node;
            if (n->type != GUMBO_NODE_ELEMENT)
                continue;
            if (matches(n, content)) {
                plan->root = n;
                break;
            }
            for (size_t k = n->v.element.children.length; k-- > 0;)
                if (push(&w, n->v.element.children.data[k], 0) != 0)
                    goto nomem;
        }
        if (!plan->root) {
            st = ty__fail(err, TY_ERR_NOTFOUND, name, -1, -1,
                          "no element matches --content '%s'", content);
            goto done;
        }
    } else if (best && (double)best_text >= ROOT_SHARE * (double)body_text) {
        plan->root = best;
    } else {
        plan->root = body ? body : g->root;
    }
done:
    free(w.st);
    return st;
nomem:
    free(w.st);
    return ty__nomem(err);
}

int ty__html_skipped(const ty__html_plan *plan, const GumboNode *node)
{
    return ty__u64map_find(&plan->skip, (uint64_t)(uintptr_t)node) != NULL;
}

void ty__html_plan_free(ty__html_plan *plan)
{
    ty__u64map_free(&plan->skip);
    memset(plan, 0, sizeof *plan);
}
