/*
 * pg.h — private to the PostgreSQL backend (pg_*.c): the connection a ty_tm holds when its
 * memory is a PostgreSQL database, and the helpers its files share. The shared memory code
 * reaches the backend only through ty__tm_backend (tm.h).
 *
 * The database holds (schema version TY__PG_SCHEMA; pg_schema.c makes and migrates it):
 *   taiyaku_schema(application, version)  one row: TY__PG_APP and the schema version
 *   documents, occurrences, retired, check_ignored   as in the SQLite memory (tm.h)
 *   units(id, ja_hash, en_hash, ja_len, en_len, confidence, shape, count, ja, en, ja_norm,
 *         en_norm)   the SQLite memory's units and unit_text in one row
 *   postings(lang, gram, first, ids)   the trigram index: for each trigram of the normalized
 *         texts (as int4: ty__pg_gram; lang 0 Japanese, 1 English), the ids of the units
 *         holding it, one sorted array per import that brought some (first = its smallest
 *         id), so that an import adds rows and never rewrites one. Fuzzy candidates are the
 *         units holding the most of the query's rarest trigrams.
 *   grams(lang, gram, df)   how many units hold each trigram
 */
#ifndef TY_TM_PG_H
#define TY_TM_PG_H

#include <stdint.h>

#include "pq_dl.h"
#include "tm.h"

#define TY__PG_APP "taiyaku translation memory"
/* Schema versions count as the SQLite memory's do (a version holds the same things in both):
 * a new memory is made at TY__PG_BASE, the SQLite schema it first matched, and migrated from
 * there to TY__PG_SCHEMA. */
#define TY__PG_BASE 4
#define TY__PG_SCHEMA 4
/* The advisory lock that makes creating and migrating the schema one at a time. */
#define TY__PG_SCHEMA_LOCK 0x5459544d
/* Tries of an import whose transaction the server aborted for a serialization failure or a
 * deadlock. */
#define TY__PG_RETRIES 5

typedef struct ty__pg {
    PGconn *conn;
    int readonly;
} ty__pg;

static inline PGconn *ty__pg_conn(const ty_tm *tm)
{
    return ((const ty__pg *)tm->be_data)->conn;
}

/* The first line of a libpq message into out, without "ERROR:  " and the newline. */
void ty__pg_first_line(const char *msg, char *out, size_t size);
/* Fill err from the connection's last error (or r's), "NAME: WHAT: MESSAGE" on one line;
 * a lost connection says so. Returns TY_ERR_POSTGRES. */
ty_status ty__pg_fail(const ty_tm *tm, const PGresult *r, const char *what, ty_error *err);
/* Run sql with n text parameters (NULL: SQL NULL); the result (tuples or command OK), or
 * NULL with err filled. */
PGresult *ty__pg_run(const ty_tm *tm, const char *what, const char *sql, int n,
                     const char *const *params, ty_error *err);
/* Run sql without parameters, discarding the result. */
ty_status ty__pg_exec(const ty_tm *tm, const char *what, const char *sql, ty_error *err);
/* Whether the last error of r is a serialization failure or a deadlock (worth a retry). */
int ty__pg_retryable(const PGresult *r);

/* Bring the schema to TY__PG_SCHEMA, creating it in an empty database (pg_schema.c).
 * Refuses a database that holds something else, or a newer schema. */
ty_status ty__pg_schema_open(ty_tm *tm, int flags, ty_error *err);

/* A trigram's packed key (ty__tm_trigrams) as the int4 the database stores. */
int32_t ty__pg_gram(uint64_t key);

/* The backend's entries (pg_store.c, pg_lookup.c). */
ty_status ty__pg_import_begin(ty_tm *tm, const char *name, const char *when, void **imp,
                              ty_error *err);
ty_status ty__pg_import_unit(void *imp, const ty__stage_unit *u, ty_error *err);
ty_status ty__pg_import_commit(void *imp, const char *hex, const char *ja_lang,
                               const char *en_lang, ty_tm_import_stats *stats, ty_error *err);
void ty__pg_import_abort(void *imp);
ty_status ty__pg_exact_ids(ty_tm *tm, ty_lang lang, uint64_t hash, long long *ids, size_t max,
                           size_t *n, ty_error *err);
ty_status ty__pg_candidates(ty_tm *tm, ty_lang lang, const char *norm, size_t len, size_t lo,
                            size_t hi, size_t max, ty__cand **out, size_t *n, ty_error *err);
ty_status ty__pg_unit_read(ty_tm *tm, long long id, int details, ty__unit_info *out,
                           ty_error *err);
ty_status ty__pg_verify(ty_tm *tm, ty_error *err); /* pg_verify.c */

#endif
