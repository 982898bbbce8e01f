/*
 * export.c — ty_tm_export: the memory's units, filtered by document, confidence, import time
 * and review, handed one by one to a callback (the TMX writer, in `taiyaku export`), with their
 * provenance and whether a reviewer accepted them as props. It does not write any format itself.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "tm.h"

/* Props of one unit: a few of ours and the decoded stored ones. */
typedef struct props {
    ty_prop *v;
    size_t n, cap;
    char **own; /* strings to free */
    size_t nown, capown;
} props;

static int props_push(props *p, const char *type, const char *value)
{
    return ty__tm_props_push(&p->v, &p->n, &p->cap, type, value);
}

static char *props_keep(props *p, const char *s)
{
    char *c;
    if (p->nown == p->capown) {
        size_t cap = p->capown ? 2 * p->capown : 8;
        char **v = realloc(p->own, cap * sizeof *v);
        if (!v)
            return NULL;
        p->own = v;
        p->capown = cap;
    }
    if (!(c = strdup(s)))
        return NULL;
    p->own[p->nown++] = c;
    return c;
}

static void props_reset(props *p)
{
    for (size_t i = 0; i < p->nown; i++)
        free(p->own[i]);
    p->n = p->nown = 0;
}

static void props_free(props *p)
{
    props_reset(p);
    free(p->v);
    free(p->own);
}

/* Decode "type\x1fvalue\x1e..." (kept in p) into props. */
static int decode(props *p, const char *enc)
{
    char *s = props_keep(p, enc);
    return s ? ty__tm_props_decode(s, &p->v, &p->n, &p->cap) : -1;
}

void ty_tm_export_opts_init(ty_tm_export_opts *opts)
{
    opts->document = NULL;
    opts->min_confidence = -1;
    opts->since = NULL;
    opts->reviewed_only = 0;
}

static const char sql_units[] =
    "SELECT u.id, t.ja, t.en, u.confidence, u.shape, u.count, "
    "EXISTS (SELECT 1 FROM occurrences o JOIN beads b ON b.document = o.document "
    "AND b.idx = o.position WHERE o.unit = u.id AND b.status = 1) AS reviewed FROM units u "
    "JOIN unit_text t ON t.id = u.id "
    "WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM occurrences o JOIN documents d "
    "ON d.id = o.document WHERE o.unit = u.id AND d.name = ?1)) "
    "AND (?2 < 0 OR (u.confidence IS NOT NULL AND u.confidence >= ?2)) "
    "AND (?3 IS NULL OR EXISTS (SELECT 1 FROM occurrences o JOIN documents d "
    "ON d.id = o.document WHERE o.unit = u.id AND d.imported_at >= ?3)) "
    "AND (?4 = 0 OR reviewed) "
    "ORDER BY u.id";
static const char sql_occ[] =
    "SELECT d.name, coalesce(o.ja_lang, d.ja_lang), coalesce(o.en_lang, d.en_lang), o.tuid, "
    "o.props FROM occurrences o "
    "JOIN documents d ON d.id = o.document WHERE o.unit = ?1 ORDER BY o.document, o.position";

/* Fill the unit's id, languages and props from its occurrences. */
static ty_status provenance(ty_tm *tm, sqlite3_stmt *occ, long long id, size_t count,
                            int reviewed, ty_unit *u, props *p, ty_error *err)
{
    const char *last_doc = NULL, *stored = NULL;
    char num[32];
    int step, first = 1;

    props_reset(p);
    sqlite3_reset(occ);
    sqlite3_bind_int64(occ, 1, id);
    while ((step = sqlite3_step(occ)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(occ, 0);
        if (!name)
            name = "";
        if (first) {
            const char *jl = (const char *)sqlite3_column_text(occ, 1);
            const char *el = (const char *)sqlite3_column_text(occ, 2);
            const char *tuid = (const char *)sqlite3_column_text(occ, 3);
            const char *pr = (const char *)sqlite3_column_text(occ, 4);
            if (!(u->ja_lang = props_keep(p, jl ? jl : "ja")) ||
                !(u->en_lang = props_keep(p, el ? el : "en")) ||
                (tuid && !(u->id = props_keep(p, tuid))) || (pr && !(stored = props_keep(p, pr))))
                return ty__nomem(err);
            first = 0;
        }
        if (!last_doc || strcmp(last_doc, name) != 0) {
            if (!(last_doc = props_keep(p, name)) || props_push(p, "x-document", last_doc) != 0)
                return ty__nomem(err);
        }
    }
    if (step != SQLITE_DONE)
        return ty__tm_fail(tm, err, "reading provenance");
    if (count > 1) {
        const char *c;
        snprintf(num, sizeof num, "%zu", count);
        if (!(c = props_keep(p, num)) || props_push(p, "x-count", c) != 0)
            return ty__nomem(err);
    }
    if (props_push(p, "x-taiyaku-reviewed", reviewed ? "yes" : "no") != 0)
        return ty__nomem(err);
    if (stored && decode(p, stored) != 0)
        return ty__nomem(err);
    if (!u->id) {
        snprintf(num, sizeof num, "%lld", id);
        if (!(u->id = props_keep(p, num)))
            return ty__nomem(err);
    }
    u->props = p->v;
    u->nprops = p->n;
    return TY_OK;
}

ty_status ty_tm_export(ty_tm *tm, const ty_tm_export_opts *opts, ty_tm_unit_fn fn,
                       void *userdata, size_t *exported, ty_error *err)
{
    if (tm && tm->be)
        return ty__tm_unsupported(tm, "export", err);
    ty_tm_export_opts o;
    sqlite3_stmt *st = NULL, *occ = NULL;
    props p = {0};
    char since[32];
    size_t n = 0;
    ty_status rc;
    int step, began = 0;

    if (exported)
        *exported = 0;
    if (opts)
        o = *opts;
    else
        ty_tm_export_opts_init(&o);
    if (o.since) {
        size_t l = strlen(o.since);
        if (ty_tm_time_check(o.since, err) != TY_OK)
            return TY_ERR_INVALID;
        if (l >= sizeof since)
            return ty__fail(err, TY_ERR_INTERNAL, NULL, -1, -1, "a time of %zu bytes", l);
        memcpy(since, o.since, l + 1);
        if (since[l - 1] == 'Z') /* stored times end in Z; compare without it */
            since[l - 1] = '\0';
    }
    if ((rc = ty__tm_read_begin(tm, &began, err)) != TY_OK)
        return rc;
    if ((rc = ty__tm_prepare(tm, sql_units, &st, err)) != TY_OK ||
        (rc = ty__tm_prepare(tm, sql_occ, &occ, err)) != TY_OK)
        goto done;
    if (o.document)
        sqlite3_bind_text(st, 1, o.document, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 2, o.min_confidence);
    if (o.since)
        sqlite3_bind_text(st, 3, since, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, o.reviewed_only != 0);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        ty_unit u;
        long long id = sqlite3_column_int64(st, 0);
        memset(&u, 0, sizeof u);
        u.ja = (const char *)sqlite3_column_text(st, 1);
        u.en = (const char *)sqlite3_column_text(st, 2);
        u.confidence = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 3);
        u.shape = (const char *)sqlite3_column_text(st, 4);
        if ((rc = provenance(tm, occ, id, (size_t)sqlite3_column_int64(st, 5),
                             sqlite3_column_int(st, 6), &u, &p, err)) != TY_OK)
            goto done;
        if ((rc = fn(&u, userdata)) != TY_OK)
            goto done;
        n++;
    }
    if (step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading units");
done:
    if (exported)
        *exported = n;
    props_free(&p);
    sqlite3_finalize(st);
    sqlite3_finalize(occ);
    ty__tm_read_end(tm, began);
    return rc;
}
