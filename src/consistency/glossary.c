/*
 * glossary.c — the key-term glossary (ty_glossary): concepts of Japanese and English terms
 * with a status each, their normalized forms, and a glossary made from phrase reports. Reading
 * is in glossary_read.c (TSV) and glossary_tbx.c (TBX), the term checks in check_terms.c.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>

#include "consistency.h"
#include "glossary.h"
#include "base/alloc.h"
#include "base/error.h"

static const char *const status_names[] = {"admitted", "preferred", "deprecated", "superseded",
                                           "forbidden"};

const char *ty_term_status_name(ty_term_status status)
{
    return (unsigned)status <= TY_TERM_FORBIDDEN ? status_names[status] : NULL;
}

int ty__term_status_parse(const char *s, size_t n, ty_term_status *out)
{
    static const struct {
        const char *name;
        ty_term_status st;
    } names[] = {{"admitted", TY_TERM_ADMITTED},
                 {"admittedTerm", TY_TERM_ADMITTED},
                 {"admittedTerm-admn-sts", TY_TERM_ADMITTED},
                 {"preferred", TY_TERM_PREFERRED},
                 {"preferredTerm", TY_TERM_PREFERRED},
                 {"preferredTerm-admn-sts", TY_TERM_PREFERRED},
                 {"standardizedTerm", TY_TERM_PREFERRED},
                 {"deprecated", TY_TERM_DEPRECATED},
                 {"deprecatedTerm", TY_TERM_DEPRECATED},
                 {"deprecatedTerm-admn-sts", TY_TERM_DEPRECATED},
                 {"superseded", TY_TERM_SUPERSEDED},
                 {"supersededTerm", TY_TERM_SUPERSEDED},
                 {"supersededTerm-admn-sts", TY_TERM_SUPERSEDED},
                 {"forbidden", TY_TERM_FORBIDDEN},
                 {"legalTerm", TY_TERM_ADMITTED},
                 {"regulatedTerm", TY_TERM_ADMITTED}};
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
        s++;
        n--;
    }
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        if (strlen(names[k].name) == n && !strncasecmp(names[k].name, s, n)) {
            *out = names[k].st;
            return 0;
        }
    return -1;
}

/* ---- the model ---- */

ty_status ty_glossary_new(ty_glossary **out, ty_error *err)
{
    if (!(*out = calloc(1, sizeof **out)))
        return ty__nomem(err);
    return TY_OK;
}

void ty_glossary_free(ty_glossary *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n; i++) {
        free(g->c[i].v);
        free(g->c[i].norm);
    }
    free(g->c);
    ty__arena_clear(&g->a);
    free(g);
}

size_t ty_glossary_concepts(const ty_glossary *g)
{
    return g ? g->n : 0;
}

const ty_term *ty_glossary_terms(const ty_glossary *g, size_t c, size_t *n)
{
    if (!g || c >= g->n) {
        *n = 0;
        return NULL;
    }
    *n = g->c[c].n;
    return g->c[c].v;
}

size_t ty_glossary_skipped(const ty_glossary *g)
{
    return g ? g->skipped : 0;
}

void ty__glossary_skip(ty_glossary *g)
{
    g->skipped++;
}

ty_status ty__glossary_drop_last(ty_glossary *g, ty_error *err)
{
    if (!g->n)
        return ty__fail(err, TY_ERR_INTERNAL, NULL, -1, -1, "no concept to drop");
    g->n--;
    free(g->c[g->n].v);
    free(g->c[g->n].norm);
    memset(&g->c[g->n], 0, sizeof g->c[g->n]);
    return TY_OK;
}

/* Whether s is UTF-8 that XML 1.0 can hold (no control characters but tab and line ends, no
 * U+FFFE, U+FFFF): a glossary is written as TBX. */
static int xml_text(const char *s)
{
    int32_t i = 0, n = (int32_t)strlen(s);
    while (i < n) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xfffe ||
            c == 0xffff)
            return 0;
    }
    return 1;
}

ty_status ty_glossary_add(ty_glossary *g, size_t c, ty_lang lang, const char *text,
                          ty_term_status status, const char *note, ty_error *err)
{
    concept *k;
    ty_term *t;
    size_t tl;
    char *norm;

    if (!g || !text || c > g->n || (lang != TY_LANG_JA && lang != TY_LANG_EN) ||
        (unsigned)status > TY_TERM_FORBIDDEN)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "bad glossary term");
    tl = strlen(text);
    if (!xml_text(text) || (note && !xml_text(note)))
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                        "a glossary term with a control character or a non-character");
    if (!(norm = ty_normalize(text, tl, NULL)))
        return ty__nomem(err);
    if (!*norm) {
        free(norm);
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "an empty glossary term");
    }
    if (c == g->n) {
        if (ty__grow((void **)&g->c, &g->cap, g->n + 1, sizeof *g->c)) {
            free(norm);
            return ty__nomem(err);
        }
        memset(&g->c[g->n++], 0, sizeof *g->c);
    }
    k = &g->c[c];
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 4;
        ty_term *v = realloc(k->v, cap * sizeof *v);
        char **nv = v ? realloc(k->norm, cap * sizeof *nv) : NULL;
        if (v)
            k->v = v;
        if (!v || !nv) {
            free(norm);
            return ty__nomem(err);
        }
        k->norm = nv;
        k->cap = cap;
    }
    t = &k->v[k->n];
    t->text = ty__arena_strndup(&g->a, text, tl);
    t->note = note ? ty__arena_strdup(&g->a, note) : NULL;
    t->lang = lang;
    t->status = status;
    k->norm[k->n] = ty__arena_strdup(&g->a, norm);
    free(norm);
    if (!t->text || (note && !t->note) || !k->norm[k->n])
        return ty__nomem(err);
    k->n++;
    return TY_OK;
}

ty_status ty_glossary_add_phrases(ty_glossary *g, const ty_phrase_report *const *reports,
                                  size_t n, double deprecated_below, ty_error *err)
{
    ty_status rc = TY_OK;

    if (!g || (n && !reports))
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no glossary or no reports");
    for (size_t i = 0; i < n && rc == TY_OK; i++) {
        const ty_phrase_report *r = reports[i];
        size_t c = g->n;
        if (!r || r->nrenderings == 0)
            continue;
        rc = ty_glossary_add(g, c, TY_LANG_JA, r->surface ? r->surface : r->phrase,
                             TY_TERM_PREFERRED, NULL, err);
        for (size_t k = 0; k < r->nrenderings && rc == TY_OK; k++) {
            const ty_phrase_rendering *x = &r->renderings[k];
            char note[128];
            ty_term_status st = k == 0                          ? TY_TERM_PREFERRED
                                : x->share >= deprecated_below ? TY_TERM_ADMITTED
                                                                : TY_TERM_DEPRECATED;
            snprintf(note, sizeof note, "%d%% of %zu uses in %zu documents",
                     (int)(x->share * 100 + 0.5), r->nuses, x->documents);
            rc = ty_glossary_add(g, c, TY_LANG_EN, x->text, st, note, err);
        }
    }
    return rc;
}

