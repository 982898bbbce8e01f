/*
 * emit.c — the one place a finding passes on its way to the caller (ty__emit): its id is
 * computed (finding.c), accepted findings (an ignore file, the memory's list) and findings
 * below the minimum severity are left out and counted, the rest are counted and handed to the
 * callback. Also the pieces the checks build findings with: spans, a unit's finding, and where
 * a normalized stretch is in an original text. It finds nothing itself.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "consistency.h"
#include "base/error.h"

/* Every start and end of a character is tried, the shortest stretch first: slow for long texts,
 * but it runs only for a finding. */
void ty__locate_norm(const char *orig, const char *norm, size_t a, size_t b, size_t *start,
                     size_t *end)
{
    size_t n = strlen(orig);
    *start = *end = 0;
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char)orig[i] & 0xc0) == 0x80)
            continue;
        for (size_t j = i + 1; j <= n && j - i <= 4 * (b - a) + 8; j++) {
            char *x;
            int eq;
            if (j < n && ((unsigned char)orig[j] & 0xc0) == 0x80)
                continue;
            if (!(x = ty_normalize(orig + i, j - i, NULL)))
                return;
            eq = strlen(x) == b - a && !memcmp(x, norm + a, b - a);
            free(x);
            if (eq) { /* normalizing trims white space: the span does not hold it */
                while (i < j && (orig[i] == ' ' || orig[i] == '\t' || orig[i] == '\n'))
                    i++;
                while (j > i && (orig[j - 1] == ' ' || orig[j - 1] == '\t' || orig[j - 1] == '\n'))
                    j--;
                *start = i;
                *end = j;
                return;
            }
        }
    }
}

ty_status ty__checker_status(ty__checker *c, ty_status rc)
{
    if (rc == TY_ERR_NOMEM && c->err->status == TY_OK)
        return ty__nomem(c->err);
    return rc;
}

ty_status ty__emit(ty__checker *c, ty_check_finding *f, const char *key, size_t klen)
{
    char id[TY_CHECK_ID_LEN + 1];

    ty__finding_id(f->kind, key, klen, id);
    f->id = id;
    if (ty__u64map_find(&c->ignored, ty__id_value(id))) {
        c->counts->ignored++;
        return TY_OK;
    }
    if (f->severity < c->o.min_severity) {
        c->counts->below++;
        return TY_OK;
    }
    c->counts->findings[f->kind]++;
    c->counts->severities[f->severity]++;
    return c->fn(f, c->ud);
}

ty_status ty__span_add(ty__checker *c, ty__spans *s, ty_lang lang, const char *text, size_t start,
                       size_t end)
{
    ty_check_span *x;

    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4;
        ty_check_span *v = ty__arena_alloc(&c->a, cap * sizeof *v);
        if (!v)
            return TY_ERR_NOMEM;
        if (s->n)
            memcpy(v, s->v, s->n * sizeof *v);
        s->v = v;
        s->cap = cap;
    }
    x = &s->v[s->n];
    x->unit = 0;
    x->lang = lang;
    x->start = start;
    x->end = end;
    x->text = ty__arena_strndup(&c->a, text + start, end - start);
    if (!x->text)
        return TY_ERR_NOMEM;
    s->n++;
    return TY_OK;
}

ty_status ty__emit_unit(ty__checker *c, const ty__unit_in *u, ty_check_kind kind, ty__spans *sp,
                        ty_severity sev, double rank, const char *message, const char *rule,
                        const char *expected, const char *detail)
{
    ty_check_finding f;
    ty_tm_entry local;
    const ty_tm_entry *e = u->entry;
    ty__entry_norm nm;
    size_t l0 = strlen(u->norm[0]), l1 = strlen(u->norm[1]), ld = detail ? strlen(detail) : 0;
    char *key;
    ty_status rc;

    if (!e) {
        if ((rc = ty__entry_read(&c->rd, u->id, u->only_doc, -1, &c->a, &local, &nm, c->err)))
            return rc;
        e = &local;
    }
    if (!(key = malloc(l0 + l1 + ld + 3)))
        return TY_ERR_NOMEM;
    memcpy(key, u->norm[0], l0);
    key[l0] = '\x1e';
    memcpy(key + l0 + 1, u->norm[1], l1);
    key[l0 + 1 + l1] = '\x1f';
    if (ld)
        memcpy(key + l0 + l1 + 2, detail, ld);
    memset(&f, 0, sizeof f);
    f.kind = kind;
    f.units = e;
    f.nunits = 1;
    f.spans = sp ? sp->v : NULL;
    f.nspans = sp ? sp->n : 0;
    f.severity = sev;
    f.rank = rank;
    f.message = message;
    f.rule = rule;
    f.expected = expected;
    rc = ty__emit(c, &f, key, l0 + l1 + 2 + ld);
    free(key);
    return rc;
}
