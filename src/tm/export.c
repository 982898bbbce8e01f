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

/* One unit being exported: its columns, then its occurrences one by one (unit_occ), then
 * handed to the caller (unit_end). Both backends' rows go through it. */
typedef struct group {
    props p;
    ty_unit u;
    long long id, count;
    int reviewed, first;
    const char *last_doc, *stored;
    ty_tm_unit_fn fn;
    void *user;
    size_t n;
} group;

static ty_status unit_start(group *g, const ty__export_row *r, ty_error *err)
{
    props_reset(&g->p);
    memset(&g->u, 0, sizeof g->u);
    g->id = r->id;
    g->count = r->count;
    g->reviewed = r->reviewed;
    g->first = 1;
    g->last_doc = g->stored = NULL;
    g->u.confidence = r->confidence;
    if (!(g->u.ja = props_keep(&g->p, r->ja ? r->ja : "")) ||
        !(g->u.en = props_keep(&g->p, r->en ? r->en : "")) ||
        (r->shape && !(g->u.shape = props_keep(&g->p, r->shape))))
        return ty__nomem(err);
    return TY_OK;
}

/* One occurrence of the unit (r's name, languages, tuid, props): the first gives the unit its
 * languages, tuid and stored props; each document is named once. */
static ty_status unit_occ(group *g, const ty__export_row *r, ty_error *err)
{
    props *p = &g->p;
    const char *name = r->name ? r->name : "";

    if (g->first) {
        if (!(g->u.ja_lang = props_keep(p, r->ja_lang ? r->ja_lang : "ja")) ||
            !(g->u.en_lang = props_keep(p, r->en_lang ? r->en_lang : "en")) ||
            (r->tuid && !(g->u.id = props_keep(p, r->tuid))) ||
            (r->props && !(g->stored = props_keep(p, r->props))))
            return ty__nomem(err);
        g->first = 0;
    }
    if (!g->last_doc || strcmp(g->last_doc, name) != 0) {
        if (!(g->last_doc = props_keep(p, name)) || props_push(p, "x-document", g->last_doc) != 0)
            return ty__nomem(err);
    }
    return TY_OK;
}

/* The unit's own props after its provenance, then the unit to the caller. */
static ty_status unit_end(group *g, ty_error *err)
{
    props *p = &g->p;
    ty_unit *u = &g->u;
    char num[32];
    ty_status rc;

    if (g->count > 1) {
        const char *c;
        snprintf(num, sizeof num, "%lld", g->count);
        if (!(c = props_keep(p, num)) || props_push(p, "x-count", c) != 0)
            return ty__nomem(err);
    }
    if (props_push(p, "x-taiyaku-reviewed", g->reviewed ? "yes" : "no") != 0)
        return ty__nomem(err);
    if (g->stored && decode(p, g->stored) != 0)
        return ty__nomem(err);
    if (!u->id) {
        snprintf(num, sizeof num, "%lld", g->id);
        if (!(u->id = props_keep(p, num)))
            return ty__nomem(err);
    }
    u->props = p->v;
    u->nprops = p->n;
    if ((rc = g->fn(u, g->user)) != TY_OK)
        return rc;
    g->n++;
    return TY_OK;
}

/* A backend's rows (ty__tm_backend.export): a new id starts a unit and ends the one before. */
static ty_status backend_row(const ty__export_row *r, void *user, ty_error *err)
{
    group *g = user;
    ty_status rc;

    if (r->id != g->id) {
        if (g->id >= 0 && (rc = unit_end(g, err)) != TY_OK)
            return rc;
        if ((rc = unit_start(g, r, err)) != TY_OK)
            return rc;
    }
    return r->name ? unit_occ(g, r, err) : TY_OK;
}

/* The SQLite memory's units, each with its occurrences read by `occ`. */
static ty_status sqlite_units(ty_tm *tm, sqlite3_stmt *st, sqlite3_stmt *occ, group *g,
                              ty_error *err)
{
    ty_status rc;
    int step, ostep;

    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        ty__export_row r;
        memset(&r, 0, sizeof r);
        r.id = sqlite3_column_int64(st, 0);
        r.ja = (const char *)sqlite3_column_text(st, 1);
        r.en = (const char *)sqlite3_column_text(st, 2);
        r.confidence =
            sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 3);
        r.shape = (const char *)sqlite3_column_text(st, 4);
        r.count = sqlite3_column_int64(st, 5);
        r.reviewed = sqlite3_column_int(st, 6);
        if ((rc = unit_start(g, &r, err)) != TY_OK)
            return rc;
        sqlite3_reset(occ);
        sqlite3_bind_int64(occ, 1, r.id);
        while ((ostep = sqlite3_step(occ)) == SQLITE_ROW) {
            r.name = (const char *)sqlite3_column_text(occ, 0);
            r.ja_lang = (const char *)sqlite3_column_text(occ, 1);
            r.en_lang = (const char *)sqlite3_column_text(occ, 2);
            r.tuid = (const char *)sqlite3_column_text(occ, 3);
            r.props = (const char *)sqlite3_column_text(occ, 4);
            if ((rc = unit_occ(g, &r, err)) != TY_OK)
                return rc;
        }
        if (ostep != SQLITE_DONE)
            return ty__tm_fail(tm, err, "reading provenance");
        if ((rc = unit_end(g, err)) != TY_OK)
            return rc;
    }
    if (step != SQLITE_DONE)
        return ty__tm_fail(tm, err, "reading units");
    return TY_OK;
}

ty_status ty_tm_export(ty_tm *tm, const ty_tm_export_opts *opts, ty_tm_unit_fn fn,
                       void *userdata, size_t *exported, ty_error *err)
{
    ty_tm_export_opts o;
    sqlite3_stmt *st = NULL, *occ = NULL;
    group g;
    char since[32];
    ty_status rc;
    int began = 0;

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
    memset(&g, 0, sizeof g);
    g.fn = fn;
    g.user = userdata;
    g.id = -1;
    if (tm->be) {
        ty__export_filter f = {o.document, o.min_confidence, o.since ? since : NULL,
                               o.reviewed_only != 0};
        rc = tm->be->export(tm, &f, backend_row, &g, err);
        if (rc == TY_OK && g.id >= 0)
            rc = unit_end(&g, err);
        goto done;
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
    rc = sqlite_units(tm, st, occ, &g, err);
done:
    if (exported)
        *exported = g.n;
    props_free(&g.p);
    sqlite3_finalize(st);
    sqlite3_finalize(occ);
    ty__tm_read_end(tm, began);
    return rc;
}
