/*
 * check_terms.c — the two term checks of one unit, against a glossary (glossary.c).
 *
 * The checks compare normalized texts (NFKC, case-folded: ty_normalize). A Japanese term is
 * found anywhere in the Japanese (the longest one wins where two overlap: 外務大臣会見 over
 * 外務大臣); an English term as whole words, its last word also with an -s, -es or -ies
 * ending (Important Cultural Properties for Important Cultural Property).
 *   term-missing    warning: a concept whose Japanese term the Japanese holds, and none of
 *                   whose admitted or preferred English terms the English holds (and none of its
 *                   deprecated ones either: that is the other finding).
 *   term-forbidden  error: a deprecated, superseded or forbidden English term in a unit whose
 *                   Japanese holds its concept, or a forbidden term anywhere; warning: a
 *                   deprecated or superseded term elsewhere. A term another concept of the unit
 *                   admits is no finding.
 * Terms are looked up through two indexes built once per run (Japanese by first character,
 * English by the first three letters of the first word), so a large glossary costs little per
 * unit.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>

#include "glossary.h"
#include "base/error.h"

typedef struct ientry {
    const char *norm;
    size_t len;
    size_t concept;
    ty_term_status status;
    int32_t next; /* index + 1 of the next entry with the same key, 0: none */
} ientry;

struct ty__term_index {
    const ty_glossary *g;
    ientry *e[2];
    size_t n[2];
    ty__u64map head[2]; /* key → index + 1 of the first entry */
    /* per unit */
    struct found {
        size_t concept, start, end;
        ty_term_status status;
        const char *norm;
    } * f[2];
    size_t nf[2], fcap[2];
    uint8_t *seen; /* per concept: found in the Japanese */
};

static int word_byte(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80;
}

/* The key of a normalized text: Japanese, its first code point; English, the start of its first
 * word. */
static uint64_t key_of(ty_lang lang, const char *s, size_t n)
{
    if (lang == TY_LANG_JA) {
        int32_t i = 0;
        UChar32 c;
        U8_NEXT(s, i, (int32_t)n, c);
        return (uint64_t)(uint32_t)c + 1;
    }
    /* the first word's first three bytes, so that "shrines" finds "shrine" */
    size_t k = 0;
    while (k < n && k < 3 && word_byte((unsigned char)s[k]))
        k++;
    return ty__hash_bytes(s, k ? k : 1, 1);
}

void ty__term_index_free(struct ty__term_index *x)
{
    if (!x)
        return;
    for (int l = 0; l < 2; l++) {
        free(x->e[l]);
        ty__u64map_free(&x->head[l]);
        free(x->f[l]);
    }
    free(x->seen);
    free(x);
}

ty_status ty__term_index_new(const ty_glossary *g, struct ty__term_index **out)
{
    struct ty__term_index *x = calloc(1, sizeof *x);
    size_t total = 0;

    if (!x)
        return TY_ERR_NOMEM;
    x->g = g;
    for (size_t c = 0; c < g->n; c++)
        total += g->c[c].n;
    x->e[0] = calloc(total + 1, sizeof *x->e[0]);
    x->e[1] = calloc(total + 1, sizeof *x->e[1]);
    x->seen = calloc(g->n + 1, 1);
    if (!x->e[0] || !x->e[1] || !x->seen)
        goto nomem;
    for (size_t c = 0; c < g->n; c++)
        for (size_t k = 0; k < g->c[c].n; k++) {
            int l = g->c[c].v[k].lang;
            ientry *e = &x->e[l][x->n[l]];
            uint32_t *slot;
            e->norm = g->c[c].norm[k];
            e->len = strlen(e->norm);
            e->concept = c;
            e->status = g->c[c].v[k].status;
            if (!(slot = ty__u64map_insert(&x->head[l], key_of((ty_lang)l, e->norm, e->len), 0,
                                           NULL)))
                goto nomem;
            e->next = (int32_t)*slot;
            *slot = (uint32_t)++x->n[l];
        }
    *out = x;
    return TY_OK;
nomem:
    ty__term_index_free(x);
    return TY_ERR_NOMEM;
}

static int add_found(struct ty__term_index *x, int l, const ientry *e, size_t start)
{
    if (x->nf[l] == x->fcap[l]) {
        size_t cap = x->fcap[l] ? x->fcap[l] * 2 : 16;
        struct found *v = realloc(x->f[l], cap * sizeof *v);
        if (!v)
            return -1;
        x->f[l] = v;
        x->fcap[l] = cap;
    }
    x->f[l][x->nf[l]++] = (struct found){e->concept, start, start + e->len, e->status, e->norm};
    return 0;
}

/* Whether an English term of n bytes ends at s[n] on a word boundary, or with a plural. */
static size_t english_end(const char *s, size_t n, const char *term)
{
    const char *p = s + n;
    if (!word_byte((unsigned char)*p))
        return n;
    if (*p == 's' && !word_byte((unsigned char)p[1]))
        return n + 1;
    if (p[0] == 'e' && p[1] == 's' && !word_byte((unsigned char)p[2]))
        return n + 2;
    if (n && term[n - 1] == 'y' && p[-1] == 'y' && !strncmp(p - 1, "ies", 3) &&
        !word_byte((unsigned char)p[2]))
        return n + 2;
    return 0;
}

static int find_terms(struct ty__term_index *x, const char *const norm[2])
{
    for (int l = 0; l < 2; l++) {
        const char *s = norm[l];
        size_t len = strlen(s);
        x->nf[l] = 0;
        if (!x->n[l])
            continue;
        for (size_t i = 0; i < len;) {
            size_t step = 1;
            int start = l == TY_LANG_JA ? ((unsigned char)s[i] & 0xc0) != 0x80
                                        : word_byte((unsigned char)s[i]) &&
                                              (i == 0 || !word_byte((unsigned char)s[i - 1]));
            if (start) {
                uint32_t *slot = ty__u64map_find(&x->head[l], key_of((ty_lang)l, s + i, len - i));
                for (int32_t k = slot ? (int32_t)*slot : 0; k; k = x->e[l][k - 1].next) {
                    const ientry *e = &x->e[l][k - 1];
                    if (e->len > len - i || memcmp(s + i, e->norm, e->len))
                        continue;
                    if (l == TY_LANG_EN) {
                        size_t end = english_end(s + i, e->len, e->norm);
                        if (!end)
                            continue;
                        if (add_found(x, l, e, i))
                            return -1;
                        x->f[l][x->nf[l] - 1].end = i + end;
                    } else if (add_found(x, l, e, i)) {
                        return -1;
                    }
                }
            }
            if (l == TY_LANG_EN)
                while (i + step < len && word_byte((unsigned char)s[i + step]) &&
                       word_byte((unsigned char)s[i]))
                    step++;
            i += step;
        }
    }
    return 0;
}

/* Keep the longest Japanese terms where found terms overlap. */
static void longest_only(struct ty__term_index *x)
{
    struct found *f = x->f[0];
    size_t n = x->nf[0], k = 0;
    for (size_t i = 0; i < n; i++) {
        int inside = 0;
        for (size_t j = 0; j < n && !inside; j++)
            inside = j != i && f[j].start <= f[i].start && f[j].end >= f[i].end &&
                     f[j].end - f[j].start > f[i].end - f[i].start && f[j].concept != f[i].concept;
        if (!inside)
            f[k++] = f[i];
    }
    x->nf[0] = k;
}

static int good(ty_term_status s)
{
    return s == TY_TERM_ADMITTED || s == TY_TERM_PREFERRED;
}

ty_status ty__check_terms_with(ty__checker *c, struct ty__term_index *x, const ty__unit_in *u)
{
    const ty_glossary *g = x->g;
    ty_status rc = TY_OK;

    if (find_terms(x, u->norm))
        return TY_ERR_NOMEM;
    if (!x->nf[0] && !x->nf[1])
        return TY_OK;
    longest_only(x);
    for (size_t i = 0; i < x->nf[0]; i++)
        x->seen[x->f[0][i].concept] = 1;
    /* term-missing: one finding per concept found in the Japanese */
    if ((c->o.checks >> TY_CHECK_TERM_MISSING) & 1)
        for (size_t i = 0; i < x->nf[0] && rc == TY_OK; i++) {
            size_t cc = x->f[0][i].concept, a, b;
            const concept *k = &g->c[cc];
            const char *expected = NULL, *ja_term = NULL;
            int has_en = 0, ok = 0, bad = 0, dup = 0, preferred = 0;
            char msg[400];
            ty__spans sp = {0};
            for (size_t j = 0; j < i; j++)
                dup |= x->f[0][j].concept == cc;
            if (dup)
                continue;
            for (size_t t = 0; t < k->n; t++) {
                if (k->v[t].lang == TY_LANG_EN && good(k->v[t].status)) {
                    has_en = 1;
                    if (!expected || (!preferred && k->v[t].status == TY_TERM_PREFERRED)) {
                        expected = k->v[t].text;
                        preferred = k->v[t].status == TY_TERM_PREFERRED;
                    }
                }
                if (k->v[t].lang == TY_LANG_JA && k->norm[t] == x->f[0][i].norm)
                    ja_term = k->v[t].text;
            }
            for (size_t j = 0; j < x->nf[1]; j++)
                if (x->f[1][j].concept == cc) {
                    ok |= good(x->f[1][j].status);
                    bad |= !good(x->f[1][j].status);
                }
            if (!has_en || ok || bad)
                continue;
            ty__locate_norm(u->text[0], u->norm[0], x->f[0][i].start, x->f[0][i].end, &a, &b);
            if ((rc = ty__span_add(c, &sp, TY_LANG_JA, u->text[0], a, b)) != TY_OK)
                break;
            snprintf(msg, sizeof msg, "%s: \"%s\" is not in the English", ja_term ? ja_term : "",
                     expected);
            rc = ty__emit_unit(c, u, TY_CHECK_TERM_MISSING, &sp, TY_SEVERITY_WARNING, 0.7, msg,
                               ja_term, expected, x->f[0][i].norm);
        }
    /* term-forbidden: one finding per deprecated English term found */
    if ((c->o.checks >> TY_CHECK_TERM_FORBIDDEN) & 1)
        for (size_t i = 0; i < x->nf[1] && rc == TY_OK; i++) {
            const struct found *f = &x->f[1][i];
            const concept *k = &g->c[f->concept];
            const char *better = NULL, *term = NULL;
            int admitted_elsewhere = 0;
            size_t a, b;
            ty_severity sev;
            char msg[400];
            ty__spans sp = {0};
            if (good(f->status))
                continue;
            for (size_t j = 0; j < x->nf[1]; j++)
                admitted_elsewhere |= good(x->f[1][j].status) && x->seen[x->f[1][j].concept] &&
                                      !strcmp(x->f[1][j].norm, f->norm);
            if (admitted_elsewhere)
                continue;
            for (size_t t = 0; t < k->n; t++) {
                if (k->v[t].lang == TY_LANG_EN && good(k->v[t].status) &&
                    (!better || k->v[t].status == TY_TERM_PREFERRED))
                    better = k->v[t].text;
                if (k->norm[t] == f->norm)
                    term = k->v[t].text;
            }
            sev = x->seen[f->concept] || f->status == TY_TERM_FORBIDDEN ? TY_SEVERITY_ERROR
                                                                         : TY_SEVERITY_WARNING;
            ty__locate_norm(u->text[1], u->norm[1], f->start, f->end, &a, &b);
            if ((rc = ty__span_add(c, &sp, TY_LANG_EN, u->text[1], a, b)) != TY_OK)
                break;
            if (better)
                snprintf(msg, sizeof msg, "\"%s\" is %s: use \"%s\"", term ? term : f->norm,
                         ty_term_status_name(f->status), better);
            else
                snprintf(msg, sizeof msg, "\"%s\" is %s", term ? term : f->norm,
                         ty_term_status_name(f->status));
            rc = ty__emit_unit(c, u, TY_CHECK_TERM_FORBIDDEN, &sp, sev, 0.9, msg, term, better,
                               f->norm);
        }
    for (size_t i = 0; i < x->nf[0]; i++)
        x->seen[x->f[0][i].concept] = 0;
    return rc;
}
