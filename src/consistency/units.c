/*
 * units.c — what the consistency checks and phrase reports read from a memory: a unit with
 * its normalized texts and every provenance (document, position, confidence, segments), the
 * units whose text contains a string (the posting lists: tm/plist_find.c), how
 * many there are (bounded), the texts of a unit's neighbours in its documents. It does not
 * judge anything (check.c, phrase.c do).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "consistency.h"
#include "base/error.h"

/* ---- units ------------------------------------------------------------------------------ */

static const char sql_unit[] =
    "SELECT t.ja, t.en, coalesce(t.ja_norm, t.ja), coalesce(t.en_norm, t.en), u.count,"
    " u.confidence FROM units u JOIN unit_text t ON t.id = u.id WHERE u.id = ?1";
static const char sql_occ[] =
    "SELECT o.document, d.name, " TY__TM_SHOWN_POSITION("o") ", o.confidence, o.props"
    " FROM occurrences o JOIN documents d ON d.id = o.document WHERE o.unit = ?1"
    " ORDER BY o.document, o.position";
static const char sql_occ_doc[] =
    "SELECT o.document, d.name, " TY__TM_SHOWN_POSITION("o") ", o.confidence, o.props"
    " FROM occurrences o"
    " JOIN documents d ON d.id = o.document WHERE o.unit = ?1 AND d.name = ?2"
    " ORDER BY o.document, o.position";

ty_status ty__entry_reader_init(ty__entry_reader *r, ty_tm *tm, ty_error *err)
{
    ty_status rc;

    memset(r, 0, sizeof *r);
    r->tm = tm;
    if ((rc = ty__tm_prepare(tm, sql_unit, &r->unit, err)) != TY_OK ||
        (rc = ty__tm_prepare(tm, sql_occ, &r->occ, err)) != TY_OK ||
        (rc = ty__tm_prepare(tm, sql_occ_doc, &r->occ_doc, err)) != TY_OK)
        ty__entry_reader_done(r);
    return rc;
}

void ty__entry_reader_done(ty__entry_reader *r)
{
    sqlite3_finalize(r->unit);
    sqlite3_finalize(r->occ);
    sqlite3_finalize(r->occ_doc);
    r->unit = r->occ = r->occ_doc = NULL;
}

static char *col_dup(ty__arena *a, sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return ty__arena_strndup(a, s ? s : "", s ? (size_t)sqlite3_column_bytes(st, i) : 0);
}

/* The value of prop `type` in props encoded by ty__tm_props_encode, or NULL. */
static char *prop_value(ty__arena *a, const char *props, const char *type, int *nomem)
{
    size_t tl = strlen(type);
    const char *p = props;

    while (p && *p) {
        const char *sep = strchr(p, '\x1f'), *end;
        if (!sep)
            break;
        end = strchr(sep + 1, '\x1e');
        if (!end)
            end = sep + 1 + strlen(sep + 1);
        if ((size_t)(sep - p) == tl && memcmp(p, type, tl) == 0) {
            char *v = ty__arena_strndup(a, sep + 1, (size_t)(end - sep - 1));
            *nomem = !v;
            return v;
        }
        p = *end ? end + 1 : end;
    }
    return NULL;
}

/* The occurrences of the unit bound to `st`, filtered by max_conf. */
static ty_status read_occurrences(ty__entry_reader *r, sqlite3_stmt *st, double max_conf,
                                  ty__arena *a, ty_tm_entry *e, ty__entry_norm *norm, ty_error *err)
{
    ty_tm_occurrence *v = NULL;
    size_t n = 0, cap = 0;
    int step;

    norm->first_doc = norm->first_pos = -1;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        ty_tm_occurrence *o;
        const char *props = (const char *)sqlite3_column_text(st, 4);
        double conf = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 3);
        int nomem = 0;

        if (norm->first_doc < 0) {
            norm->first_doc = sqlite3_column_int64(st, 0);
            norm->first_pos = sqlite3_column_int64(st, 2);
        }
        if (max_conf >= 0 && !(conf >= 0 && conf < max_conf))
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            ty_tm_occurrence *nv = ty__arena_alloc(a, ncap * sizeof *nv);
            if (!nv)
                return ty__nomem(err);
            if (n)
                memcpy(nv, v, n * sizeof *v);
            v = nv;
            cap = ncap;
        }
        o = &v[n++];
        o->document_id = sqlite3_column_int64(st, 0);
        o->document = col_dup(a, st, 1);
        o->position = sqlite3_column_int64(st, 2);
        o->confidence = conf;
        o->ja_segments = prop_value(a, props, "x-ja-segments", &nomem);
        if (!nomem)
            o->en_segments = prop_value(a, props, "x-en-segments", &nomem);
        if (!o->document || nomem)
            return ty__nomem(err);
    }
    if (step != SQLITE_DONE)
        return ty__tm_fail(r->tm, err, "reading the provenance of a unit");
    e->occ = v;
    e->nocc = n;
    return TY_OK;
}

ty_status ty__entry_read(ty__entry_reader *r, long long id, const char *only_doc, double max_conf,
                         ty__arena *a, ty_tm_entry *e, ty__entry_norm *norm, ty_error *err)
{
    sqlite3_stmt *st = r->unit, *occ = only_doc ? r->occ_doc : r->occ;
    ty_status rc = TY_OK;
    int step;

    memset(e, 0, sizeof *e);
    memset(norm, 0, sizeof *norm);
    e->id = id;
    sqlite3_bind_int64(st, 1, id);
    if ((step = sqlite3_step(st)) != SQLITE_ROW) {
        rc = step == SQLITE_DONE
                 ? ty__fail(err, TY_ERR_INTERNAL, r->tm->path, -1, -1, "unit %lld is missing", id)
                 : ty__tm_fail(r->tm, err, "reading a unit");
        goto done;
    }
    e->ja = col_dup(a, st, 0);
    e->en = col_dup(a, st, 1);
    norm->norm[TY_LANG_JA] = col_dup(a, st, 2);
    norm->norm[TY_LANG_EN] = col_dup(a, st, 3);
    e->count = (size_t)sqlite3_column_int64(st, 4);
    e->confidence = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 5);
    if (!e->ja || !e->en || !norm->norm[0] || !norm->norm[1]) {
        rc = ty__nomem(err);
        goto done;
    }
    sqlite3_bind_int64(occ, 1, id);
    if (only_doc)
        sqlite3_bind_text(occ, 2, only_doc, -1, SQLITE_STATIC);
    rc = read_occurrences(r, occ, max_conf, a, e, norm, err);
done:
    sqlite3_reset(st);
    sqlite3_reset(occ);
    sqlite3_clear_bindings(occ);
    return rc;
}

ty_status ty__document_exists(ty_tm *tm, const char *name, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;
    int step;

    if ((rc = ty__tm_prepare(tm, "SELECT 1 FROM documents WHERE name = ?1 LIMIT 1", &st, err)))
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_DONE)
        rc = ty__fail(err, TY_ERR_NOTFOUND, tm->path, -1, -1,
                      "no document named '%s' in the memory", name);
    else if (step != SQLITE_ROW)
        rc = ty__tm_fail(tm, err, "reading the documents");
    sqlite3_finalize(st);
    return rc;
}

ty_status ty__units_total(ty_tm *tm, long long *n, ty_error *err)
{
    return ty__tm_query_int(tm, "SELECT count(*) FROM units", n, err);
}

/* ---- units containing a string ------------------------------------------------------------ */

/* The ids found (ty__plist_find's callback). */
typedef struct found {
    long long *v;
    size_t n, cap;
    int count_only;
} found;

static int found_fn(void *user, long long id)
{
    found *f = user;
    if (!f->count_only) {
        if (ty__grow((void **)&f->v, &f->cap, f->n + 1, sizeof *f->v))
            return -1;
        f->v[f->n] = id;
    }
    f->n++;
    return 0;
}

ty_status ty__units_containing(ty_tm *tm, ty_lang lang, const char *norm, size_t n, size_t limit,
                               long long **ids, size_t *count, ty_error *err)
{
    found f = {0};
    ty_status rc = ty__plist_find(tm, (int)lang, norm, n, 0, (long long)limit, found_fn, &f, err);

    *ids = rc == TY_OK ? f.v : NULL;
    *count = rc == TY_OK ? f.n : 0;
    if (rc != TY_OK)
        free(f.v);
    return rc;
}

/* Sum of the document frequencies of the trigrams that start with norm[0, n). */
static ty_status prefix_df(ty_tm *tm, ty_lang lang, const char *norm, size_t n, size_t *count,
                           ty_error *err)
{
    sqlite3_stmt *st = NULL;
    char hi[16];
    ty_status rc;

    if (n == 0 || n > sizeof hi)
        return ty__fail(err, TY_ERR_INTERNAL, NULL, -1, -1, "prefix of %zu bytes", n);
    memcpy(hi, norm, n);
    hi[n - 1] = (char)(hi[n - 1] + 1); /* the last byte of UTF-8 is never 0xff */
    if ((rc = ty__tm_prepare(tm,
                             "SELECT coalesce(sum(df), 0) FROM grams WHERE lang = ?1 AND gram >= ?2"
                             " AND gram < ?3",
                             &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int(st, 1, (int)lang);
    sqlite3_bind_text(st, 2, norm, (int)n, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, hi, (int)n, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        *count = (size_t)sqlite3_column_int64(st, 0);
    else
        rc = ty__tm_fail(tm, err, "reading the trigram table");
    sqlite3_finalize(st);
    return rc;
}

ty_status ty__units_count(ty_tm *tm, ty_lang lang, const char *norm, size_t n, size_t limit,
                          size_t *count, ty_error *err)
{
    found f = {.count_only = 1};
    ty_status rc;

    *count = 0;
    if (ty__utf8_chars(norm, n) < 3) {
        rc = prefix_df(tm, lang, norm, n, count, err);
        if (*count > limit)
            *count = limit;
        return rc;
    }
    if ((rc = ty__plist_find(tm, (int)lang, norm, n, 0, (long long)limit, found_fn, &f, err)) ==
        TY_OK)
        *count = f.n;
    return rc;
}

/* ---- neighbours ---------------------------------------------------------------------------- */

/* Within ?2 beads of a document with structure, whose positions are its beads' keys (the
 * ?2-th key before and after), within ?2 positions of one without. */
static const char sql_near[] =
    "SELECT o.document, o.position, o2.position - o.position, t.ja, t.en FROM occurrences o"
    " JOIN occurrences o2 ON o2.document = o.document AND o2.position BETWEEN"
    " coalesce((SELECT b.idx FROM beads b WHERE b.document = o.document AND b.idx < o.position"
    "  ORDER BY b.idx DESC LIMIT 1 OFFSET ?2 - 1), CASE WHEN EXISTS (SELECT 1 FROM alignments a"
    "  WHERE a.document = o.document) THEN 0 ELSE o.position - ?2 END)"
    " AND coalesce((SELECT b.idx FROM beads b WHERE b.document = o.document AND b.idx > o.position"
    "  ORDER BY b.idx LIMIT 1 OFFSET ?2 - 1), CASE WHEN EXISTS (SELECT 1 FROM alignments a"
    "  WHERE a.document = o.document) THEN 9223372036854775807 ELSE o.position + ?2 END)"
    " AND o2.position != o.position JOIN unit_text t ON t.id = o2.unit"
    " WHERE o.unit = ?1 ORDER BY o.document, o.position, o2.position";

ty_status ty__unit_neighbours(ty__checker *c, long long id, ty_lang lang, ty__near_fn fn, void *ud,
                              int *hit)
{
    sqlite3_stmt *st = NULL;
    const char *before[TY__NEAR], *after[TY__NEAR];
    size_t nb = 0, na = 0;
    long long doc = -1, pos = -1;
    int step;
    ty_status rc;

    *hit = 0;
    if (!c->tm || id < 0)
        return TY_OK;
    if (!c->near && (rc = ty__tm_prepare(c->tm, sql_near, &c->near, c->err)) != TY_OK)
        return rc;
    st = c->near;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, TY__NEAR);
    for (;;) {
        long long off;
        const char *t;
        char *copy;
        step = sqlite3_step(st);
        if (step != SQLITE_ROW || sqlite3_column_int64(st, 0) != doc ||
            sqlite3_column_int64(st, 1) != pos) {
            /* one occurrence's neighbours are read */
            if (doc >= 0 && fn(ud, before, nb, after, na)) {
                *hit = 1;
                break;
            }
            if (step != SQLITE_ROW)
                break;
            doc = sqlite3_column_int64(st, 0);
            pos = sqlite3_column_int64(st, 1);
            nb = na = 0;
        }
        off = sqlite3_column_int64(st, 2);
        t = (const char *)sqlite3_column_text(st, 3 + (int)lang);
        if (!(copy = ty__arena_strdup(&c->a, t ? t : ""))) {
            rc = TY_ERR_NOMEM;
            break;
        }
        if (off < 0) { /* the rows come in position order: the nearest one last */
            memmove(before + 1, before, nb * sizeof *before);
            before[0] = copy;
            nb++;
        } else {
            after[na++] = copy;
        }
    }
    if (rc == TY_OK && !*hit && step != SQLITE_DONE)
        rc = ty__tm_fail(c->tm, c->err, "reading a unit's neighbours");
    sqlite3_reset(st);
    return rc;
}
