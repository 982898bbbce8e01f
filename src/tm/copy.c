/*
 * copy.c — ty_tm_copy: a whole memory into an empty one, between backends (SQLite file,
 * PostgreSQL database) in either direction. Each document is imported again into the target
 * with its content hash, name, languages and import time, its occurrences at their positions,
 * so the target's store code (store.c, or the backend's) makes the same units, counts and
 * provenance; then the accepted findings, and the aligned documents' sentence structure
 * (alignments, sentences, beads, edits) with the documents' new ids, read and written through
 * either backend (structure.c). An
 * SQLite target is made under a hidden name beside it and renamed when complete; a PostgreSQL
 * target is emptied again when the copy fails. It reads nothing it does not copy and writes
 * no file but the target.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "tm.h"

void ty_tm_copy_opts_init(ty_tm_copy_opts *opts)
{
    opts->force = 0;
}

/* The documents of the source, in import order (copied out of the listing). */
typedef struct doc_list {
    ty_tm_document *v;
    size_t n, cap;
} doc_list;

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

static ty_status list_doc(const ty_tm_document *d, void *user)
{
    doc_list *l = user;
    ty_tm_document *c;

    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        ty_tm_document *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return TY_ERR_NOMEM;
        l->v = v;
        l->cap = cap;
    }
    c = &l->v[l->n];
    *c = *d;
    c->name = dup_or_empty(d->name);
    c->hash = dup_or_empty(d->hash);
    c->ja_lang = dup_or_empty(d->ja_lang);
    c->en_lang = dup_or_empty(d->en_lang);
    c->imported_at = dup_or_empty(d->imported_at);
    l->n++;
    if (!c->name || !c->hash || !c->ja_lang || !c->en_lang || !c->imported_at)
        return TY_ERR_NOMEM;
    return TY_OK;
}

static void doc_list_free(doc_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free((char *)l->v[i].name);
        free((char *)l->v[i].hash);
        free((char *)l->v[i].ja_lang);
        free((char *)l->v[i].en_lang);
        free((char *)l->v[i].imported_at);
    }
    free(l->v);
}

/* Whether an SQLite memory has table `name` (older schema steps lack some). */
static ty_status has_table(ty_tm *tm, const char *name, long long *has, ty_error *err)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_schema WHERE name = '%s'", name);
    return ty__tm_query_int(tm, sql, has, err);
}

/* ---- reading an SQLite memory (a PostgreSQL one: the backend's entries) ---- */

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* Document `doc`'s occurrences by position, at the positions stored (the keys of the beads the
 * target gets with them). */
static ty_status occurrences(ty_tm *tm, long long doc, ty__occ_fn fn, void *user, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;
    int step;

    if (tm->be)
        return tm->be->occurrences(tm, doc, fn, user, err);
    if ((rc = ty__tm_prepare(tm,
                             "SELECT o.position, t.ja, t.en, o.confidence, o.shape, o.tuid, "
                             "o.props, o.ja_lang, o.en_lang FROM occurrences o JOIN unit_text t "
                             "ON t.id = o.unit WHERE o.document = ?1 ORDER BY o.position",
                             &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_int64(st, 1, doc);
    while (rc == TY_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        ty__occ o;
        memset(&o, 0, sizeof o);
        o.position = sqlite3_column_int64(st, 0);
        o.unit.ja = col_text(st, 1);
        o.unit.en = col_text(st, 2);
        o.unit.confidence =
            sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 3);
        o.unit.shape = col_text(st, 4);
        o.unit.id = col_text(st, 5);
        o.props = col_text(st, 6);
        o.unit.ja_lang = col_text(st, 7);
        o.unit.en_lang = col_text(st, 8);
        rc = fn(&o, user, err);
    }
    if (rc == TY_OK && step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading a document's units");
    sqlite3_finalize(st);
    return rc;
}

static ty_status ignored(ty_tm *tm, ty__ignored_fn fn, void *user, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    long long has = 0;
    ty_status rc;
    int step;

    if (tm->be)
        return tm->be->ignored(tm, 0, fn, user, err);
    if ((rc = has_table(tm, "check_ignored", &has, err)) != TY_OK || !has)
        return rc;
    if ((rc = ty__tm_prepare(tm, "SELECT id, note, who, added_at FROM check_ignored ORDER BY id",
                             &st, err)) != TY_OK)
        return rc;
    while (rc == TY_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        ty__ignored row = {col_text(st, 0), col_text(st, 1), col_text(st, 2), col_text(st, 3)};
        rc = fn(&row, user, err);
    }
    if (rc == TY_OK && step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading the accepted findings");
    sqlite3_finalize(st);
    return rc;
}

static ty_status ignored_put(const ty__ignored *row, void *user, ty_error *err)
{
    ty_tm *tm = user;
    sqlite3_stmt *st = NULL;
    ty_status rc;

    if (tm->be)
        return tm->be->ignored_put(tm, row, 0, err);
    if ((rc = ty__tm_prepare(tm,
                             "INSERT OR IGNORE INTO check_ignored(id, note, who, added_at) "
                             "VALUES(?1, ?2, ?3, ?4)",
                             &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_text(st, 1, row->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, row->note, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, row->who, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, row->added_at, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "adding an accepted finding");
    sqlite3_finalize(st);
    return rc;
}

/* ---- one document into the target ---- */

/* Props encoded by ty__tm_props_encode ("type\x1fvalue\x1e…") as an array pointing into buf,
 * which they cut. */
typedef struct props {
    ty_prop *v;
    size_t n, cap;
} props;

static int props_decode(props *p, char *buf)
{
    p->n = 0;
    return ty__tm_props_decode(buf, &p->v, &p->n, &p->cap);
}

typedef struct doc_copy {
    ty_tm_import *imp;
    props p;
} doc_copy;

static ty_status add_occ(const ty__occ *o, void *user, ty_error *err)
{
    doc_copy *d = user;
    ty_unit u = o->unit;
    char *buf = NULL;
    ty_status rc;

    if (o->props) {
        if (!(buf = strdup(o->props)) || props_decode(&d->p, buf) != 0) {
            free(buf);
            return ty__nomem(err);
        }
        u.props = d->p.v;
        u.nprops = d->p.n;
    }
    ty__tm_import_seek(d->imp, (size_t)o->position);
    rc = ty_tm_import_add(d->imp, &u, err);
    free(buf);
    return rc;
}

static ty_status copy_document(ty_tm *src, ty_tm *dst, const ty_tm_document *doc,
                               long long *new_id, ty_error *err)
{
    ty_tm_docinfo info = {doc->name, doc->ja_lang, doc->en_lang, doc->imported_at};
    ty_tm_import_stats st;
    doc_copy d = {NULL, {NULL, 0, 0}};
    ty_status rc;

    if ((rc = ty__tm_import_begin_hashed(dst, &info, doc->hash, &d.imp, err)) != TY_OK)
        return rc;
    ty__tm_import_plain(d.imp);
    if ((rc = occurrences(src, doc->id, add_occ, &d, err)) != TY_OK) {
        ty_tm_import_abort(d.imp);
        free(d.p.v);
        return rc;
    }
    free(d.p.v);
    if ((rc = ty_tm_import_commit(d.imp, &st, err)) != TY_OK)
        return rc;
    if (st.already)
        return ty__fail(err, TY_ERR_INTERNAL, dst->path, -1, -1,
                        "document %lld ('%s') was copied twice", doc->id, doc->name);
    *new_id = st.document;
    return TY_OK;
}

/* ---- the sentence structure ---- */

/* The aligned documents' structure (docs[i] of src is document ids[i] of dst), in one
 * transaction when dst is an SQLite memory (another backend: one a document); *n receives how
 * many documents had some. */
static ty_status copy_structures(ty_tm *src, ty_tm *dst, const doc_list *docs,
                                 const long long *ids, long long *n, ty_error *err)
{
    long long has = 1;
    ty_status rc;

    *n = 0;
    if (!src->be && ((rc = has_table(src, "alignments", &has, err)) != TY_OK || !has))
        return rc;
    if (!dst->be && (rc = ty__tm_exec(dst, "BEGIN IMMEDIATE", err)) != TY_OK)
        return rc;
    for (size_t i = 0; i < docs->n && rc == TY_OK; i++) {
        ty__doc_structure s;
        int found = 0;
        if ((rc = ty__tm_structure_read(src, docs->v[i].id, &s, &found, err)) != TY_OK ||
            !found)
            continue;
        rc = ty__tm_structure_write(dst, ids[i], &s, err);
        ty__doc_structure_free(&s);
        ++*n;
    }
    if (!dst->be && rc == TY_OK)
        rc = ty__tm_exec(dst, "COMMIT", err);
    if (!dst->be && rc != TY_OK)
        sqlite3_exec(dst->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* ---- the target ---- */

static int is_file(const char *db)
{
    return !ty__pg_is_conninfo(db);
}

static ty_status count_row(const ty__ignored *row, void *user, ty_error *err)
{
    (void)row;
    (void)err;
    ++*(long long *)user;
    return TY_OK;
}

/* `to` holds nothing: no documents, units or accepted findings. */
static ty_status check_empty(ty_tm *tm, const char *to, ty_error *err)
{
    ty_tm_info info;
    long long accepted = 0;
    ty_status rc;

    if ((rc = ty_tm_get_info(tm, &info, err)) != TY_OK ||
        (rc = ignored(tm, count_row, &accepted, err)) != TY_OK)
        return rc;
    if (info.documents == 0 && info.units == 0 && accepted == 0)
        return TY_OK;
    return ty__fail(err, TY_ERR_INVALID, to, -1, -1,
                    "the target holds a translation memory already (%lld documents, %lld "
                    "units, %lld accepted findings): copy into a new or empty one",
                    info.documents, info.units, accepted);
}

/* A hidden name beside file `to` to make the copy in: ".NAME.taiyaku-copy-PID". */
static char *hidden_name(const char *to)
{
    const char *slash = strrchr(to, '/');
    size_t dir = slash ? (size_t)(slash - to) + 1 : 0;
    size_t n = strlen(to) + 64;
    char *s = malloc(n);

    if (s)
        snprintf(s, n, "%.*s.%s.taiyaku-copy-%ld", (int)dir, to, to + dir, (long)getpid());
    return s;
}

static void remove_file(const char *file)
{
    static const char *const side[] = {"", "-journal", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof side / sizeof *side; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s%s", file, side[i]);
        unlink(path);
    }
}

/* The finished copy in `hidden` takes the name `to`: over an empty memory that was there, or
 * where nothing is (never over a file made meanwhile). */
static ty_status publish(const char *hidden, const char *to, int replace, ty_error *err)
{
    if (replace) {
        if (rename(hidden, to) != 0)
            return ty__fail(err, TY_ERR_IO, to, -1, -1, "cannot write: %s", strerror(errno));
        return TY_OK;
    }
    if (link(hidden, to) != 0)
        return ty__fail(err, TY_ERR_IO, to, -1, -1, "cannot create: %s",
                        errno == EEXIST ? "another process made a file of this name meanwhile"
                                        : strerror(errno));
    unlink(hidden);
    return TY_OK;
}

ty_status ty_tm_copy(const char *from, const char *to, const ty_tm_copy_opts *opts,
                     ty_tm_copy_stats *stats, ty_error *err)
{
    ty_tm_copy_stats s;
    ty_tm *src = NULL, *dst = NULL;
    doc_list docs = {NULL, 0, 0};
    long long *ids = NULL;
    char *hidden = NULL;
    int replace = 0, wrote = 0;
    struct stat sb;
    ty_status rc;

    (void)opts; /* force: every backend holds everything a memory has; nothing is left out */
    memset(&s, 0, sizeof s);
    if (!from || !to)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "a copy needs a memory and a target");
    if (!strcmp(from, to))
        return ty__fail(err, TY_ERR_INVALID, to, -1, -1,
                        "the target is the memory copied: give another");
    if ((rc = ty_tm_open(from, TY_TM_READONLY, &src, err)) != TY_OK)
        goto done;
    if (is_file(to)) {
        if (stat(to, &sb) == 0) {
            ty_tm *old = NULL;
            if ((rc = ty_tm_open(to, TY_TM_READONLY, &old, err)) == TY_OK)
                rc = check_empty(old, to, err);
            ty_tm_close(old);
            if (rc != TY_OK)
                goto done;
            replace = 1;
        }
        if (!(hidden = hidden_name(to))) {
            rc = ty__nomem(err);
            goto done;
        }
        remove_file(hidden);
        rc = ty_tm_open(hidden, TY_TM_CREATE, &dst, err);
    } else {
        rc = ty_tm_open(to, TY_TM_CREATE, &dst, err);
    }
    if (rc != TY_OK || (rc = check_empty(dst, to, err)) != TY_OK)
        goto done;
    wrote = 1;
    if ((rc = ty_tm_documents(src, list_doc, &docs, err)) != TY_OK) {
        if (rc == TY_ERR_NOMEM)
            rc = ty__nomem(err);
        goto done;
    }
    if (!(ids = calloc(docs.n ? docs.n : 1, sizeof *ids))) {
        rc = ty__nomem(err);
        goto done;
    }
    for (size_t i = 0; i < docs.n; i++)
        if ((rc = copy_document(src, dst, &docs.v[i], &ids[i], err)) != TY_OK)
            goto done;
    if ((rc = ignored(src, ignored_put, dst, err)) != TY_OK)
        goto done;
    if ((rc = copy_structures(src, dst, &docs, ids, &s.structures, err)) != TY_OK)
        goto done;
    {
        ty_tm_info info;
        if ((rc = ty_tm_get_info(dst, &info, err)) != TY_OK)
            goto done;
        s.documents = info.documents;
        s.units = info.units;
        s.occurrences = info.occurrences;
    }
    if ((rc = ignored(dst, count_row, &s.ignored, err)) != TY_OK)
        goto done;
done:
    if (rc != TY_OK && wrote && dst && dst->be) {
        ty_error ignore;
        ty_error_clear(&ignore);
        (void)dst->be->empty(dst, &ignore);
    }
    ty_tm_close(dst);
    ty_tm_close(src);
    if (hidden) {
        if (rc == TY_OK)
            rc = publish(hidden, to, replace, err);
        if (rc != TY_OK)
            remove_file(hidden);
        free(hidden);
    }
    free(ids);
    doc_list_free(&docs);
    if (stats)
        *stats = s;
    return rc;
}
