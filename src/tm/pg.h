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
 *   postings(lang, gram, first, entries)   the trigram index: for each trigram of the normalized
 *         texts (as int4: ty__pg_gram; lang 0 Japanese, 1 English), the units holding it, one
 *         row per import that brought some (first = its smallest id), so that an import adds
 *         rows and never rewrites one. entries (bytea, stored uncompressed): a unit a
 *         TY__PG_ENTRY bytes, ascending, its id (4 bytes) and its length on the side (ja_len or
 *         en_len; 2 bytes, at most TY__PG_LEN_MAX, which stands for that or more; the length
 *         window reads no unit row), both big-endian. Fuzzy candidates are the units holding
 *         the most of the query's rarest trigrams.
 *   grams(lang, gram, df)   how many units hold each trigram
 *   norm_ja(id, count, norm), norm_en(id, count, norm)   every unit's normalized text of one
 *         side (coalesce(ja_norm, ja)) and its count, as in `units`: the narrow rows a fuzzy
 *         lookup reads its candidates' texts from: its candidates are scattered ids, and
 *         the narrow rows of both sides fit in the server's cache where `units`' do not
 *   alignments, sentences, beads, edits (step 7)   the sentence structure and the review, as in
 *         the SQLite memory (tm.h), bead keys TY__TM_KEY_GAP apart, the occurrences of an
 *         aligned document at their beads' keys; the shared code (structure.c, review.c) reads
 *         and judges them through the backend's entries (pg_structure.c)
 */
#ifndef TY_TM_PG_H
#define TY_TM_PG_H

#include <stdint.h>

#include "pq_dl.h"
#include "tm.h"

#define TY__PG_APP "taiyaku translation memory"
/* A new memory is made at TY__PG_BASE, the SQLite schema whose contents it first held, and
 * migrated from there to TY__PG_SCHEMA. From 5 on the versions are the PostgreSQL memory's
 * own: 5 = the postings as bytea entries with the units' lengths (SQLite's step 5, the
 * sentence structure, came later); 6 = norm_ja and norm_en; 7 = the sentence structure
 * (alignments, sentences, beads, edits). */
#define TY__PG_BASE 4
#define TY__PG_SCHEMA 7
/* The largest length a posting holds (smallint); a longer unit is stored as this. */
#define TY__PG_LEN_MAX 32767
#define TY__PG_LEN_MAX_S "32767"
#define TY__PG_ENTRY 6 /* bytes of a posting entry */
#define TY__PG_ENTRY_S "6"
/* The advisory lock that makes creating and migrating the schema one at a time. */
#define TY__PG_SCHEMA_LOCK 0x5459544d
/* Tries of an import whose transaction the server aborted for a serialization failure or a
 * deadlock. */
#define TY__PG_RETRIES 5

/* The statements a lookup runs many times, prepared once per connection (ty__pg_prepared). */
enum ty__pg_query {
    TY__PG_Q_DFS,      /* $1 lang, $2 int4[] grams → gram, df */
    TY__PG_Q_POSTINGS, /* $1 lang, $2 int4[] grams → gram, entries (binary), by gram and
                          first */
    TY__PG_Q_TEXT_JA,  /* $1 bigint[] ids → id, normalized text, count */
    TY__PG_Q_TEXT_EN,
    TY__PG_Q_ENTRY,    /* $1 bigint[] unit ids, $2 document name or NULL → the units, each
                          with its occurrences */
    TY__PG_Q_EXACT_JA, /* $1 hash, $2 limit → ids (exact lookup) */
    TY__PG_Q_EXACT_EN,
    TY__PG_Q_UNIT,     /* $1 unit id → its texts, count, confidence, first occurrence */
    TY__PG_Q_COUNT
};

typedef struct ty__pg {
    PGconn *conn;
    int readonly;
    unsigned prepared; /* bit q: statement q is prepared on conn */
    unsigned cursors;  /* cursors declared (ty__pg_each names each by this count) */
    int retry;         /* the last failure was a serialization failure or a deadlock */
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
/* Run statement q (its text `sql`, prepared on the connection's first use of it) with n text
 * parameters; `binary`: the result's values in binary form. As ty__pg_run otherwise. */
PGresult *ty__pg_prepared(const ty_tm *tm, enum ty__pg_query q, const char *what,
                          const char *sql, int n, const char *const *params, int binary,
                          ty_error *err);
/* Run sql without parameters, discarding the result. */
ty_status ty__pg_exec(const ty_tm *tm, const char *what, const char *sql, ty_error *err);
/* One row of a query that ty__pg_each runs: a nonzero status stops the read. */
typedef ty_status (*ty__pg_row_fn)(void *user, const PGresult *r, int row, ty_error *err);
/* Run sql (n text parameters) through a cursor, `batch` rows a fetch (a result of any size in
 * bounded memory), handing each row to fn, in one snapshot: a read-only transaction of its
 * own unless one is open (then inside it, so that fn may run queries of its own, even
 * another ty__pg_each). */
ty_status ty__pg_each(const ty_tm *tm, const char *what, const char *sql, int n,
                      const char *const *params, int batch, ty__pg_row_fn fn, void *user,
                      ty_error *err);
/* ids[0, n) as a bigint[] literal ("{1,2,3}"), malloc'd; NULL when out of memory. */
char *ty__pg_id_array(const long long *ids, size_t n);
/* A nullable text cell (NULL for SQL NULL). */
const char *ty__pg_cell(const PGresult *r, int row, int col);
/* An integer or a double cell (SQL NULL: 0, -1). */
long long ty__pg_ll(const PGresult *r, int row, int col);
double ty__pg_double(const PGresult *r, int row, int col);
/* Whether the last error of r is a serialization failure or a deadlock (worth a retry). */
int ty__pg_retryable(const PGresult *r);

/* Bring the schema to TY__PG_SCHEMA, creating it in an empty database (pg_schema.c).
 * Refuses a database that holds something else, or a newer schema. */
ty_status ty__pg_schema_open(ty_tm *tm, int flags, ty_error *err);

/* A trigram's packed key (ty__tm_trigrams) as the int4 the database stores. */
int32_t ty__pg_gram(uint64_t key);

/* pg_send.c: COPY chunks sent by a thread of its own. copy[t] is the COPY statement of table
 * t (kept by the caller until the finish); while the sender runs, only it uses conn. */
typedef struct ty__pg_sender ty__pg_sender;
/* NULL when out of memory or no thread could be made. */
ty__pg_sender *ty__pg_sender_start(PGconn *conn, const char *const *copy);
/* Queue buf[0, n) (malloc'd; the sender frees it) for table t, waiting while the queue is
 * full: 0, or -1 when the sender failed (buf freed). */
int ty__pg_sender_put(ty__pg_sender *s, int t, char *buf, size_t n);
/* Send what is queued and end the COPY (abandon: drop what is queued and end it with an
 * error), stop the thread and free s: 0, or -1 when a statement failed (*failure: its
 * result, the caller's to PQclear, or NULL when the connection's message says it). */
int ty__pg_sender_finish(ty__pg_sender *s, int abandon, PGresult **failure);

/* The backend's entries (pg_store.c, pg_lookup.c). */
ty_status ty__pg_import_begin(ty_tm *tm, const char *name, const char *when, void **imp,
                              ty_error *err);
ty_status ty__pg_import_unit(void *imp, const ty__stage_unit *u, ty_error *err);
ty_status ty__pg_import_commit(void *imp, const char *hex, const char *ja_lang,
                               const char *en_lang, ty_tm_import_stats *stats, ty_error *err);
void ty__pg_import_abort(void *imp);
ty_status ty__pg_import_replace(void *imp, long long doc, ty_error *err);
ty_status ty__pg_exact_ids(ty_tm *tm, ty_lang lang, uint64_t hash, long long *ids, size_t max,
                           size_t *n, ty_error *err);
ty_status ty__pg_gram_dfs(ty_tm *tm, ty_lang lang, ty__qgrams *q, ty_error *err);
ty_status ty__pg_postings(ty_tm *tm, ty_lang lang, const ty__qgrams *q, size_t k,
                          int (*fn)(void *user, long long id, long long len), void *user,
                          ty_error *err);
ty_status ty__pg_texts(ty_tm *tm, ty_lang lang, ty__cand *c, size_t n, ty_error *err);
ty_status ty__pg_unit_read(ty_tm *tm, long long id, int details, ty__unit_info *out,
                           ty_error *err);
ty_status ty__pg_verify(ty_tm *tm, ty_error *err); /* pg_verify.c */
/* pg_copy.c */
ty_status ty__pg_occurrences(ty_tm *tm, long long doc, ty__occ_fn fn, void *user, ty_error *err);
ty_status ty__pg_ignored(ty_tm *tm, int by_added, ty__ignored_fn fn, void *user, ty_error *err);
ty_status ty__pg_ignored_put(ty_tm *tm, const ty__ignored *row, int replace, ty_error *err);
ty_status ty__pg_ignored_remove(ty_tm *tm, const char *id, int *removed, ty_error *err);
ty_status ty__pg_empty(ty_tm *tm, ty_error *err);
/* pg_remove.c */
ty_status ty__pg_remove_document(ty_tm *tm, long long doc, ty_tm_remove_stats *stats,
                                 ty_error *err);
/* Its work inside the caller's transaction, under the writers' lock (an import's merge that
 * replaces the document); `what` words a failure; `stats` may be NULL. */
ty_status ty__pg_remove_in(ty_tm *tm, long long doc, const char *what,
                          ty_tm_remove_stats *stats, ty_error *err);
/* Inside the caller's transaction, under the writers' lock: document doc's occurrences at
 * positions [lo, hi) (hi < 0: to the end) deleted, *n of them, their units set aside (a
 * temporary table) for ty__pg_units_release, which counts them down as the units' remaining
 * occurrences say (confidence, shape), drops those left with none (*deleted) with their narrow
 * texts, postings entries and trigram counts, and retires their ids; *kept: those counted
 * down and kept. `what` words a failure. */
ty_status ty__pg_occurrences_take(ty_tm *tm, long long doc, long long lo, long long hi,
                                  const char *what, long long *n, ty_error *err);
ty_status ty__pg_units_release(ty_tm *tm, const char *what, size_t *kept, size_t *deleted,
                               ty_error *err);
/* pg_check.c */
ty_status ty__pg_hashes(ty_tm *tm, ty_lang lang, const char *doc,
                        int (*fn)(void *user, uint64_t key, uint64_t other, long long id),
                        void *user, ty_error *err);
ty_status ty__pg_entries(ty_tm *tm, const long long *ids, size_t n, const char *only_doc,
                         ty__entry_fn fn, void *user, ty_error *err);
ty_status ty__pg_units(ty_tm *tm, const char *doc, ty__unit_row_fn fn, void *user,
                       ty_error *err);
ty_status ty__pg_low_confidence(ty_tm *tm, double below, const char *doc, ty__id_fn fn,
                                void *user, ty_error *err);
ty_status ty__pg_same_hash(ty_tm *tm, ty_lang lang, uint64_t hash, ty__unit_row_fn fn,
                           void *user, ty_error *err);
ty_status ty__pg_neighbours(ty_tm *tm, long long id, int near, ty__near_row_fn fn, void *user,
                            ty_error *err);
ty_status ty__pg_id_range(ty_tm *tm, long long *lo, long long *hi, ty_error *err);
ty_status ty__pg_units_from(ty_tm *tm, ty_lang lang, const long long *from, size_t n,
                            int (*fn)(void *user, size_t i, long long id, const char *text,
                                      size_t len),
                            void *user, ty_error *err);
ty_status ty__pg_doc_units(ty_tm *tm, int (*fn)(void *user, long long doc, long long unit),
                           void *user, ty_error *err);
ty_status ty__pg_texts_of(ty_tm *tm, ty_lang lang, const long long *ids, size_t n,
                          int (*fn)(void *user, size_t i, const char *text, size_t len),
                          void *user, ty_error *err);
/* pg_structure.c: an aligned pair's structure staged with its import (pg_store.c keeps it and
 * writes it at the merge, with the document's id), and the rows the review reads */
typedef struct ty__pg_staged ty__pg_staged;
ty_status ty__pg_staged_new(const ty_doc *ja, const ty_doc *en, const ty_alignment *al,
                            ty__pg_staged **out, ty_error *err);
ty_status ty__pg_staged_write(ty_tm *tm, const char *doc, const ty__pg_staged *s, ty_error *err);
void ty__pg_staged_free(ty__pg_staged *s);
ty_status ty__pg_import_structure(void *imp, const ty_doc *ja, const ty_doc *en,
                                  const ty_alignment *al, ty_error *err);
ty_status ty__pg_bead_counts(ty_tm *tm, long long doc, ty__bead_counts *c, int *found,
                             ty_error *err);
ty_status ty__pg_bead_key(ty_tm *tm, long long doc, long long from, long long skip, size_t i,
                          long long *key, ty_error *err);
ty_status ty__pg_bead_rows(ty_tm *tm, long long doc, long long from, long long limit,
                           ty__bead_fn fn, void *user, ty_error *err);
ty_status ty__pg_review_head(ty_tm *tm, long long doc, char **name, size_t n[2], size_t *lost,
                             ty_error *err);
ty_status ty__pg_sentences(ty_tm *tm, long long doc, ty__sentence_fn fn, void *user,
                           ty_error *err);
ty_status ty__pg_review_summaries(ty_tm *tm, double threshold, ty_tm_review_summary_fn fn,
                                  void *userdata, ty_error *err);
ty_status ty__pg_edits(ty_tm *tm, long long doc, ty__edit_fn fn, void *user, ty_error *err);
ty_status ty__pg_structure_put(ty_tm *tm, long long doc, const ty__doc_structure *s,
                               const long long *from, const long long *to, size_t n,
                               ty_error *err);
/* pg_review.c: what a review edit stores */
ty_status ty__pg_edit_begin(ty_tm *tm, ty_error *err);
ty_status ty__pg_edit_end(ty_tm *tm, int commit, ty_error *err);
ty_status ty__pg_beads_mark(ty_tm *tm, long long doc, const long long *keys, const ty_tm_bead *b,
                            size_t n, ty_error *err);
ty_status ty__pg_edit_last(ty_tm *tm, long long doc, ty__edit_fn fn, void *user, int *found,
                           ty_error *err);
ty_status ty__pg_edit_record(ty_tm *tm, long long doc, const ty__edit_row *e, long long undoes,
                             long long added, long long *version, ty_error *err);
int ty__pg_edit_retry(const ty_tm *tm);
/* pg_structure.c, pg_edit.c: what an edit that replaces a run of beads stores */
ty_status ty__pg_beads_move(ty_tm *tm, long long doc, const long long *from, const long long *to,
                            size_t n, ty_error *err);
ty_status ty__pg_beads_put(ty_tm *tm, long long doc, const long long *keys, const ty_tm_bead *b,
                           size_t n, long long regular, int whole, ty_error *err);
ty_status ty__pg_run_take(ty_tm *tm, long long doc, long long lo, long long hi, long long *n,
                          ty_error *err);
ty_status ty__pg_sentence_range(ty_tm *tm, long long doc, int lang, long long first,
                                long long end, ty__sentence_fn fn, void *user, ty_error *err);
ty_status ty__pg_attach_begin(ty_tm *tm, const char *name, const char *when, void **imp,
                              ty_error *err);
ty_status ty__pg_attach_unit(void *imp, const ty__stage_unit *u, ty_error *err);
ty_status ty__pg_attach_commit(void *imp, const char *hex, const char *ja_lang,
                               const char *en_lang, ty_tm_import_stats *stats, ty_error *err);
void ty__pg_attach_abort(void *imp);
ty_status ty__pg_units_drop(ty_tm *tm, ty_error *err);
/* pg_read.c */
ty_status ty__pg_export(ty_tm *tm, const ty__export_filter *f, ty__export_fn fn, void *user,
                        ty_error *err);
ty_status ty__pg_find(ty_tm *tm, ty_lang lang, const char *p, size_t n, size_t nchars,
                      long long limit, int (*fn)(void *user, long long id), void *user,
                      ty_error *err);
ty_status ty__pg_containing(ty_tm *tm, ty_lang lang, const char *p, size_t n, size_t nchars,
                            size_t limit,
                            int (*fn)(void *user, long long id, const char *norm, size_t len),
                            void *user, ty_error *err);

#endif
