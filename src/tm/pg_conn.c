/*
 * pg_conn.c — a memory in a PostgreSQL database: telling a libpq connection string from a
 * file name, connecting (a name for messages without the password), the backend table, and the
 * summary calls (info, documents, a document by its content hash). Errors and statements are
 * pg_db.c's, the schema pg_schema.c's, imports pg_store.c's, lookups pg_lookup.c's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "pg.h"

int ty__pg_is_conninfo(const char *db)
{
    PQconninfoOption *defs;
    size_t k = 0;
    int known = 0;

    if (!strncmp(db, "postgresql://", 13) || !strncmp(db, "postgres://", 11))
        return 1;
    /* "KEYWORD=…" where KEYWORD is one of libpq's: a file name rarely starts so */
    while (db[k] == ' ')
        k++;
    db += k;
    for (k = 0; (db[k] >= 'a' && db[k] <= 'z') || db[k] == '_'; k++)
        ;
    if (k == 0 || db[k + strspn(db + k, " ")] != '=')
        return 0;
    if (!ty__pq_ready()) /* "keyword=…" names a database; opening it says libpq is missing */
        return 1;
    if (!(defs = PQconndefaults()))
        return 0;
    for (PQconninfoOption *o = defs; o->keyword && !known; o++)
        known = strlen(o->keyword) == k && !strncmp(o->keyword, db, k);
    PQconninfoFree(defs);
    return known;
}

/* "postgresql://USER@HOST:PORT/DBNAME" from what the string gives, never the password. */
static char *display_name(const char *conninfo)
{
    const char *v[4] = {"", "", "", ""};
    static const char *const keys[4] = {"user", "host", "port", "dbname"};
    PQconninfoOption *opts = PQconninfoParse(conninfo, NULL);
    char *out;
    size_t n;

    for (PQconninfoOption *o = opts; o && o->keyword; o++)
        for (int i = 0; i < 4; i++)
            if (o->val && !strcmp(o->keyword, keys[i]))
                v[i] = o->val;
    n = strlen(v[0]) + strlen(v[1]) + strlen(v[2]) + strlen(v[3]) + 32;
    if ((out = malloc(n)))
        snprintf(out, n, "postgresql://%s%s%s%s%s/%s", v[0], *v[0] ? "@" : "", v[1],
                 *v[2] ? ":" : "", v[2], v[3]);
    PQconninfoFree(opts);
    return out;
}

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message; /* NOTICEs ("extension already exists") are not the user's business */
}

static void pg_close(ty_tm *tm)
{
    ty__pg *pg = tm->be_data;

    if (!pg)
        return;
    PQfinish(pg->conn);
    free(pg);
    tm->be_data = NULL;
}

static ty_status pg_info(ty_tm *tm, ty_tm_info *info, ty_error *err)
{
    PGresult *r = ty__pg_run(tm, "reading the summary",
                             "SELECT (SELECT version FROM taiyaku_schema), "
                             "(SELECT count(*) FROM documents), (SELECT count(*) FROM units), "
                             "(SELECT count(*) FROM occurrences), "
                             "pg_database_size(current_database())",
                             0, NULL, err);
    if (!r)
        return TY_ERR_POSTGRES;
    info->schema = (int)ty__pg_ll(r, 0, 0);
    info->documents = ty__pg_ll(r, 0, 1);
    info->units = ty__pg_ll(r, 0, 2);
    info->occurrences = ty__pg_ll(r, 0, 3);
    info->bytes = ty__pg_ll(r, 0, 4);
    PQclear(r);
    return TY_OK;
}

static ty_status pg_documents(ty_tm *tm, ty_tm_document_fn fn, void *userdata, ty_error *err)
{
    PGresult *r = ty__pg_run(tm, "reading documents",
                             "SELECT id, name, hash, ja_lang, en_lang, imported_at, units "
                             "FROM documents ORDER BY id",
                             0, NULL, err);
    ty_status rc = TY_OK;

    if (!r)
        return TY_ERR_POSTGRES;
    for (int i = 0; i < PQntuples(r) && rc == TY_OK; i++) {
        ty_tm_document d;
        d.id = ty__pg_ll(r, i, 0);
        d.name = PQgetvalue(r, i, 1);
        d.hash = PQgetvalue(r, i, 2);
        d.ja_lang = PQgetvalue(r, i, 3);
        d.en_lang = PQgetvalue(r, i, 4);
        d.imported_at = PQgetvalue(r, i, 5);
        d.units = ty__pg_ll(r, i, 6);
        rc = fn(&d, userdata);
    }
    PQclear(r);
    return rc;
}

static ty_status pg_document_by_hash(ty_tm *tm, const char *hex, long long *id, ty_error *err)
{
    const char *p[1] = {hex};
    PGresult *r = ty__pg_run(tm, "reading documents", "SELECT id FROM documents WHERE hash = $1",
                             1, p, err);
    if (!r)
        return TY_ERR_POSTGRES;
    *id = PQntuples(r) ? ty__pg_ll(r, 0, 0) : 0;
    PQclear(r);
    return TY_OK;
}

static const ty__tm_backend pg_backend = {
    .name = "PostgreSQL",
    .close = pg_close,
    .info = pg_info,
    .documents = pg_documents,
    .document_by_hash = pg_document_by_hash,
    .import_begin = ty__pg_import_begin,
    .import_unit = ty__pg_import_unit,
    .import_commit = ty__pg_import_commit,
    .import_abort = ty__pg_import_abort,
    .import_replace = ty__pg_import_replace,
    .exact_ids = ty__pg_exact_ids,
    .gram_dfs = ty__pg_gram_dfs,
    .postings = ty__pg_postings,
    .texts = ty__pg_texts,
    .unit_read = ty__pg_unit_read,
    .verify = ty__pg_verify,
    .occurrences = ty__pg_occurrences,
    .ignored = ty__pg_ignored,
    .ignored_put = ty__pg_ignored_put,
    .ignored_remove = ty__pg_ignored_remove,
    .empty = ty__pg_empty,
    .export = ty__pg_export,
    .find = ty__pg_find,
    .remove_document = ty__pg_remove_document,
    .hashes = ty__pg_hashes,
    .entries = ty__pg_entries,
    .units = ty__pg_units,
    .low_confidence = ty__pg_low_confidence,
    .same_hash = ty__pg_same_hash,
    .neighbours = ty__pg_neighbours,
    .containing = ty__pg_containing,
    .id_range = ty__pg_id_range,
    .units_from = ty__pg_units_from,
    .doc_units = ty__pg_doc_units,
    .texts_of = ty__pg_texts_of,
    .import_structure = ty__pg_import_structure,
    .bead_counts = ty__pg_bead_counts,
    .bead_key = ty__pg_bead_key,
    .bead_rows = ty__pg_bead_rows,
    .review_head = ty__pg_review_head,
    .sentences = ty__pg_sentences,
    .review_summaries = ty__pg_review_summaries,
    .edits = ty__pg_edits,
    .structure_put = ty__pg_structure_put,
    .edit_begin = ty__pg_edit_begin,
    .edit_end = ty__pg_edit_end,
    .beads_mark = ty__pg_beads_mark,
    .edit_last = ty__pg_edit_last,
    .edit_record = ty__pg_edit_record,
    .edit_retry = ty__pg_edit_retry,
    .run_take = ty__pg_run_take,
    .beads_move = ty__pg_beads_move,
    .beads_put = ty__pg_beads_put,
    .sentence_range = ty__pg_sentence_range,
    .attach_begin = ty__pg_attach_begin,
    .attach_unit = ty__pg_attach_unit,
    .attach_commit = ty__pg_attach_commit,
    .attach_abort = ty__pg_attach_abort,
    .units_drop = ty__pg_units_drop,
};


ty_status ty__pg_open(const char *conninfo, int flags, ty_tm **out, ty_error *err)
{
    ty_tm *tm;
    ty__pg *pg;
    ty_status rc;
    char line[512];

    *out = NULL;
    if ((rc = ty__pq_load(NULL, err)) != TY_OK)
        return rc;
    if (!(tm = calloc(1, sizeof *tm)) || !(pg = calloc(1, sizeof *pg))) {
        free(tm);
        return ty__nomem(err);
    }
    tm->lock_fd = -1;
    tm->be = &pg_backend;
    tm->be_data = pg;
    if (!(tm->path = display_name(conninfo))) {
        rc = ty__nomem(err);
        goto fail;
    }
    if (!(pg->conn = PQconnectdb(conninfo))) {
        rc = ty__nomem(err);
        goto fail;
    }
    if (PQstatus(pg->conn) != CONNECTION_OK) {
        ty__pg_first_line(PQerrorMessage(pg->conn), line, sizeof line);
        rc = ty__fail(err, TY_ERR_POSTGRES, tm->path, -1, -1, "cannot connect: %s", line);
        goto fail;
    }
    PQsetNoticeProcessor(pg->conn, quiet, NULL);
    if ((rc = ty__pg_exec(tm, "setting up the session",
                          "SET client_encoding = 'UTF8'; SET client_min_messages = warning; "
                          "SET default_transaction_isolation = 'read committed'",
                          err)) != TY_OK)
        goto fail;
    if (flags & TY_TM_READONLY) {
        tm->readonly = pg->readonly = 1;
        tm->readonly_why = "the translation memory is open read-only";
    }
    if ((rc = ty__pg_schema_open(tm, flags, err)) != TY_OK)
        goto fail;
    if (pg->readonly &&
        (rc = ty__pg_exec(tm, "setting up the session",
                          "SET default_transaction_read_only = on", err)) != TY_OK)
        goto fail;
    *out = tm;
    return TY_OK;
fail:
    pg_close(tm);
    free(tm->path);
    free(tm);
    return rc;
}
