/*
 * tm.h — private to the translation-memory modules (tm*.c, match.c, concord.c) and to the
 * consistency checks built on them. Not installed; the public API is in taiyaku.h.
 *
 * The database (SQLite, WAL; PRAGMA application_id = TY__TM_APP_ID, PRAGMA user_version = the
 * schema version, TY__TM_SCHEMA for this build). Its tables:
 *
 *   documents(id, name, hash UNIQUE, ja_lang, en_lang, imported_at, units)
 *       One row per imported document (an aligned pair, a TMX file). `hash` is the 128-bit
 *       content hash (hex) that makes re-imports no-ops; imported_at is UTC ISO 8601
 *       ("2024-05-01T09:30:00Z"); units = how many occurrences it brought.
 *   units(id, ja_hash, en_hash, ja_len, en_len, confidence, shape, count)
 *       One row per distinct (Japanese, English) pair of original texts. ja_hash / en_hash:
 *       ty__tm_hash64 of the normalized texts (indexed: exact lookup, grouping by source).
 *       ja_len: characters (code points) of the normalized Japanese; en_len: words of the
 *       normalized English — the units fuzzy scores count, kept here for the length window.
 *       confidence: the best over its occurrences (NULL: unknown); shape: of the first one;
 *       count: how many occurrences (rows of `occurrences`) it has.
 *   unit_text(id, ja, en, ja_norm, en_norm)
 *       The texts, in their own table so that candidate filtering reads the narrow `units`.
 *       ja_norm / en_norm = ty_normalize(ja / en), NULL when equal to the original (read them
 *       as coalesce(ja_norm, ja)).
 *   occurrences(document, position, unit, confidence, shape, tuid, props, ja_lang, en_lang)
 *       Every provenance: the unit at `position` (0-based) in `document`. props: the unit's
 *       props as read (TMX), encoded by ty__tm_props_encode; NULL when none. ja_lang /
 *       en_lang: the unit's own language codes when they differ from its document's, else
 *       NULL.
 *   grams(lang, gram, df)
 *       Document frequency of every trigram (its text) of the padded normalized texts, lang 0
 *       Japanese, 1 English: fuzzy lookups pick the rarest trigrams of a query by it without
 *       reading lists, and the consistency checks bound how many units hold a 1–2 character
 *       string by it (the sum over the trigrams that start with it).
 *   postings(lang, gram, n, ids), postings_delta(lang, gram, unit, len, op)  (schema step 7)
 *       The posting lists (plist.c) of fuzzy lookups, concordance and the consistency checks'
 *       searches (plist_find.c): per language and trigram (gram = its packed key,
 *       ty__tm_trigrams) of the normalized text followed by TY__TM_PAD, so that every character
 *       starts a trigram (which lets 1- and 2-character strings be found through them), the n
 *       units that hold it, by id, each with its length (units.ja_len / en_len), as varint
 *       pairs (id - previous id, length). postings_delta holds the changes of small imports,
 *       removals and review edits not yet merged into the blobs: op > 0 the unit holds the
 *       trigram, op < 0 it no longer does, 0 nothing; a lookup reads both. postings_state
 *       (one row): how many delta rows were written since the last merge (an upper bound of
 *       the table's rows, read without counting them); pending (schema step 9): 0, or the
 *       first unit not yet indexed — the units from that id on, added with their indexing
 *       deferred (ty_tm_index_defer: a batch), are in neither the lists nor `grams` until
 *       they are folded in (ty__tm_fold_pending), and every unit below it is in both.
 *   retired(what, last)
 *       The largest id ever removed of a 'document' and of a 'unit' (remove.c; schema step
 *       3): new documents and units get ids above it and above the largest id in use, so an
 *       id never names two things.
 *   check_ignored(id, note, who, added_at)
 *       Findings of the consistency checks a reviewer accepted (schema step 4,
 *       consistency/ignore.c): id = the finding's id, 16 lowercase hex digits; added_at UTC
 *       ISO 8601.
 *
 *   Sentence structure and review (schema step 5; structure.c, review.c):
 *   alignments(document, ja_sentences, en_sentences, lost, version, regular)
 *       The documents that have sentence structure (added by ty_tm_add_alignment, or
 *       reconstructed by the upgrade); lost = sentences the memory never held (migrated
 *       documents); version goes up with every review edit. regular (schema step 6): the
 *       beads whose key is below it have key = number << TY__TM_KEY_SHIFT (number 0-based in
 *       document order); an edit that changes how many beads there are lowers it to its
 *       first key.
 *   sentences(document, lang, idx, text, paragraph)
 *       Every sentence of both sides (lang 0 ja, 1 en), idx 0-based in document order; text
 *       NULL for a lost one.
 *   beads(document, idx, ja_first, ja_count, en_first, en_count, confidence, status, pinned)
 *       The alignment in document order. idx is a key, not the bead's number (schema step
 *       6): keys grow in document order with gaps between them (TY__TM_KEY_GAP when stored),
 *       so that an edit gives its new beads keys between its neighbours' and writes no other
 *       row; the number shown is the bead's rank (TY__TM_SHOWN_POSITION). A bead with both
 *       sides that is not rejected (status 2) is the occurrence (document, position = idx),
 *       when its texts are not blank. A document without structure (a TMX import) numbers
 *       its occurrences 0, 1, … as before.
 *   edits(id, document, at, who, op, first, before, after, undone)
 *       Every review edit: beads [first, first + count(before)) were replaced by `after`
 *       (ty__beads_encode); undone = 1 once undone.
 *
 *   Steps 2 to 7 also kept fts_ja and fts_en, contentless FTS5 trigram tables (detail=none) of
 *   the padded normalized texts, rowid = units.id; step 8 drops them (the posting lists serve
 *   every search). A memory of schema 7 opened read-only is read as it is (it has the lists).
 *
 * Views for readers: unit_view (units joined with unit_text, normalized texts resolved).
 */
#ifndef TY_TM_H
#define TY_TM_H

#include <sqlite3.h>
#include <stdint.h>

#include "taiyaku.h"

#define TY__TM_APP_ID 0x5459544d /* "TYTM" */
#define TY__TM_SCHEMA 9

/* The secondary indexes an import maintains row by row (schema.c's step 1); an import into an
 * empty memory drops them and creates them again before it commits (store.c). */
#define TY__TM_INDEX_UNITS_JA "CREATE INDEX units_ja_hash ON units(ja_hash)"
#define TY__TM_INDEX_UNITS_EN "CREATE INDEX units_en_hash ON units(en_hash)"
#define TY__TM_INDEX_OCC_UNIT "CREATE INDEX occurrences_unit ON occurrences(unit)"
/* The oldest schema a read-only handle reads without upgrading it: 7 has the posting lists,
 * and step 8 only drops tables this build no longer reads. */
#define TY__TM_SCHEMA_READABLE 7
/* Bead keys (schema step 6, see beads above): stored beads are TY__TM_KEY_GAP apart; an
 * alignments.regular of TY__TM_KEY_ALL says that every bead's key is its number times the gap. */
#define TY__TM_KEY_SHIFT 20
#define TY__TM_KEY_GAP (1LL << TY__TM_KEY_SHIFT)
#define TY__TM_KEY_ALL (1LL << 62)
/* The position shown for occurrence `o` (an SQL table alias): its bead's number in a document
 * with structure (counted from alignments.regular on), its position in one without. */
#define TY__TM_SHOWN_POSITION(o)                                                                \
    "coalesce((SELECT CASE WHEN " o ".position < a.regular THEN " o ".position >> 20"           \
    " ELSE (a.regular >> 20) + (SELECT count(*) FROM beads b WHERE b.document = a.document"     \
    " AND b.idx >= a.regular AND b.idx < " o ".position) END FROM alignments a"                 \
    " WHERE a.document = " o ".document), " o ".position)"
#define TY__TM_PAD "\n\n"        /* never in normalized text (white space folds to ' ') */
/* The arguments of fts_ja and fts_en (schema steps 2 to 7). */
#define TY__TM_FTS_ARGS                                                                         \
    "text, content='', columnsize=0, detail=none, tokenize='trigram case_sensitive 1'"
/* An import builds the posting lists anew (plist_build.c) once it has brought TY__TM_BULK_MIN
 * units and more than the memory held; other imports add their postings to them. */
#define TY__TM_BULK_MIN 4096
/* The coded lists (about 3 bytes a posting) that one part of a build of the posting lists
 * (plist_build.c) holds in memory; more are split into parts by a hash of the trigram, the
 * units read once a part. */
#define TY__TM_BUILD_BYTES ((size_t)512 << 20)
/* How long a writer waits for another writer (and a reader for a checkpoint) to finish. */
#define TY__TM_BUSY_TIMEOUT_MS 30000
/* A batch of more postings than this goes straight into the posting lists' blobs (plist.c),
 * after the delta is merged; a smaller one to postings_delta, which is merged into the blobs
 * after the write's commit once it holds more than TY__TM_PLIST_DELTA_MAX rows. A merge
 * rewrites every list it touches, and an import's English trigrams touch the longest lists:
 * so merges are rare. */
#define TY__TM_PLIST_DIRECT ((size_t)1 << 18)
#define TY__TM_PLIST_DELTA_MAX (1LL << 20)
/* A batch of postings (an import's, a removal's: 24 bytes each) is written when it holds this
 * many: each write of a large batch rewrites the longest lists once, so that a batch as large
 * as memory allows saves rewrites. 2^24 postings take 384 MB, and as much again while the
 * batch is sorted; an import of 100,000 units makes some 10 million. */
#define TY__TM_PLIST_BATCH ((size_t)1 << 24)
/* A batch of more postings than this is sorted by grouping them by trigram (plist.c). */
#define TY__TM_PLIST_GROUPED ((size_t)1 << 16)
/* WAL pages after which a commit checkpoints, while a group of imports is open (SQLite's
 * default, 1000, outside one): a group rewrites pages the previous groups wrote (the postings'
 * delta is spread over its whole key range), and a checkpoint copies each page once however
 * many of its versions the WAL holds. 16,384 pages bound the WAL to 64 MB. */
#define TY__TM_GROUP_CHECKPOINT 16384
#define TY__TM_CHECKPOINT 1000

/* How many statements of enum ty__sql a handle can cache (ty__tm_stmt). */
#define TY__SQL_CACHE 16
/* How many statements a handle keeps for its imports (ty__tm_kept). */
#define TY__TM_KEPT 32

/* The units a batch's imports stored or found (store.c), by their two texts as given: a unit
 * that comes again is counted without being normalized, hashed and looked up in the memory.
 * Entries are compared by their texts, so a hit is certain. Zero-initialize. */
typedef struct ty__unit_memo {
    uint64_t *key;  /* 0: an empty slot */
    long long *id;
    char **text;    /* the Japanese text, a NUL, the English text */
    size_t n, cap, bytes;
} ty__unit_memo;

struct ty_tm {
    sqlite3 *db;
    char *path;                  /* the memory's name, in messages too */
    char *hidden;                /* a memory being made: the hidden file it is made in until
                                    its first import commits (create.c); else NULL */
    int lock_fd;                 /* the hidden file's flock, or -1 */
    int failed;                  /* an import into the hidden file did not commit */
    int readonly;
    int brief;                   /* TY_TM_BRIEF: no memory map, the default page cache */
    int pooled;                  /* TY_TM_POOLED: a reader reads through the process's shared
                                    map (shared_map.c), a writer into its large page cache */
    int shared_map;              /* the connection reads through the shared map */
    int postings_fn;             /* ty_postings is registered on this connection (postings.c) */
    int plist;                   /* the memory has posting lists of its own (plist.c): 1 yes,
                                    -1 no (a memory below schema step 7), 0 not yet asked */
    int fts;                     /* the memory has fts_ja and fts_en (schema steps 2 to 7): 1
                                    yes, -1 no, 0 not yet asked */
    const char *readonly_why;    /* why the handle cannot write (a static string) */
    int importing;               /* an import (transaction) is open on this handle */
    int group;                   /* a group's transaction is open: imports are savepoints */
    int group_bare;              /* ty_tm_group_begin_bare: those with a known content are not */
    struct ty__matcher *matcher; /* lazily opened word tokenizer for English scoring */
    sqlite3_stmt *cache[TY__SQL_CACHE]; /* statements prepared once per handle (ty__tm_stmt) */
    struct {
        const char *sql;
        sqlite3_stmt *st;
    } kept[TY__TM_KEPT];         /* the imports' statements, prepared once (ty__tm_kept) */
    struct ty__gram_counter *group_grams[2]; /* the open group's committed imports' trigram
                                                counts, written at ty_tm_group_commit */
    unsigned char *counts;       /* lookups: shared trigrams per unit id (lookup.c) */
    size_t ncounts;
    long long *tally_ids, *tally_lens; /* lookups: the ids counted and their lengths, kept */
    size_t tally_cap;
    size_t bulk_min;             /* TY__TM_BULK_MIN; tests lower it */
    size_t plist_direct;         /* TY__TM_PLIST_DIRECT; tests lower it */
    size_t plist_grouped;        /* TY__TM_PLIST_GROUPED; tests lower it */
    size_t build_bytes;          /* TY__TM_BUILD_BYTES; tests lower it */
    size_t build_parts;          /* the parts of the last build of the lists (tests read it) */
    int build_thread;            /* it ran beside the import (plist_build.c; tests read it) */
    long long delta_max;         /* TY__TM_PLIST_DELTA_MAX; tests lower it */
    int merge_due;               /* a write took postings_delta past delta_max: merge it after
                                    the commit (ty__plist_merge_due) */
    int defer_index;             /* ty_tm_index_defer: imports leave their units pending */
    ty__unit_memo memo;          /* while indexing is deferred: the units the group imports
                                    stored or found (store.c); emptied by whatever may
                                    remove units or undo them (a rollback, a removal, another
                                    connection's commit: data_version at a group's start) */
    long long memo_version;      /* PRAGMA data_version when the memo was last valid */
    int pending_col;             /* postings_state has `pending` (schema step 9): 1 yes, -1 no,
                                    0 not yet asked */
    /* NULL: the SQLite memory of these files; else the backend holding the memory (a
     * PostgreSQL database: pg_*.c) and its connection state */
    const struct ty__tm_backend *be;
    void *be_data;
};

/* ---- postings.c: a trigram's postings read inside FTS5 ---- */
/* Where the ids go: fn(user, id, -1) for each; a non-zero return stops the read (no memory). */
typedef struct ty__postings_sink {
    int (*fn)(void *user, long long id, long long len);
    void *user;
} ty__postings_sink;
/* Register ty_postings(fts, SINK) on the handle's connection (once; before preparing
 * TY__SQL_POSTINGS_*): for the first row of `fts MATCH q` it hands the ids of every phrase
 * of q to SINK, phrase by phrase, each in rowid order. */
ty_status ty__tm_postings_ready(ty_tm *tm, ty_error *err);
/* Bind sink s to parameter `arg` of a statement calling ty_postings. */
void ty__tm_postings_bind(sqlite3_stmt *st, int arg, ty__postings_sink *s);

/* ---- plist.c, plist_build.c: posting lists of our own (schema step 7) ---- */
/* One posting: a unit and its length on the list's side (units.ja_len or en_len). */
typedef struct ty__posting {
    long long id, len;
} ty__posting;
typedef struct ty__plist {
    ty__posting *v;
    size_t n, cap;
} ty__plist;
/* Append; -1 when out of memory. */
int ty__plist_push(ty__plist *l, long long id, long long len);
void ty__plist_free(ty__plist *l);
/* Write v as an unsigned LEB128 varint at p (at most 10 bytes); returns its length. Inline:
 * building the lists writes two a posting. */
static inline size_t ty__plist_varint(unsigned char *p, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}
/* A blob as stored (l's postings by id; malloc'd, *size bytes; NULL when out of memory), and
 * back (appended to out; -1 damaged, -2 out of memory). */
unsigned char *ty__plist_encode(const ty__plist *l, size_t *size);
int ty__plist_decode(const void *blob, size_t n, ty__plist *out);
/* Whether the memory has the tables (*yes; a memory below step 7 does not). */
ty_status ty__plist_present(ty_tm *tm, int *yes, ty_error *err);
/* The memory's first pending unit (postings_state.pending; 0: none, as in a memory below
 * schema step 9). */
ty_status ty__plist_pending(ty_tm *tm, long long *first, ty_error *err);
/* Hand trigram `key`'s postings in language `lang` (the blob's and the delta's, merged) to fn,
 * by id ascending; fn returns nonzero when out of memory. */
ty_status ty__plist_read(ty_tm *tm, int lang, uint64_t key,
                         int (*fn)(void *user, long long id, long long len), void *user,
                         ty_error *err);
/* The same, handed to each a run of postings at a time (fewer calls than one a posting). */
typedef int (*ty__plist_each)(void *user, const ty__posting *v, size_t n);
ty_status ty__plist_read_runs(ty_tm *tm, int lang, uint64_t key, ty__plist_each each, void *user,
                              ty_error *err);
/* The same into out (emptied first). */
ty_status ty__plist_load(ty_tm *tm, int lang, uint64_t key, ty__plist *out, ty_error *err);
/* Replace the blob of (lang, key) with l (tests: damaging a memory on purpose). */
ty_status ty__plist_store(ty_tm *tm, int lang, uint64_t key, const ty__plist *l, ty_error *err);
/* The distinct trigram keys of text[0, n) ascending into *keys (growable, *cap places);
 * returns how many, (size_t)-1 when out of memory. */
size_t ty__plist_unit_keys(const char *text, size_t n, uint64_t **keys, size_t *cap);
/* The postings of units added (op 1) or removed (op -1), written at flush: to postings_delta
 * when they are few (which is merged into the blobs past a bound), straight into the blobs
 * when many. Inside the caller's transaction. */
typedef struct ty__plist_batch ty__plist_batch;
ty__plist_batch *ty__plist_batch_new(int op);
/* Unit `id` of length `len` holds the trigrams of text[0, n) (padded as index.c pads it). */
ty_status ty__plist_batch_add(ty__plist_batch *b, ty_tm *tm, int lang, long long id,
                              long long len, const char *text, size_t n, ty_error *err);
size_t ty__plist_batch_size(const ty__plist_batch *b);
/* Forget what it holds (the lists are built anew instead). */
void ty__plist_batch_drop(ty__plist_batch *b);
ty_status ty__plist_batch_flush(ty__plist_batch *b, ty_tm *tm, ty_error *err);
void ty__plist_batch_free(ty__plist_batch *b);
/* Merge postings_delta into the blobs and empty it. */
ty_status ty__plist_merge_delta(ty_tm *tm, ty_error *err);
/* After a write's commit: when it took postings_delta past tm->delta_max rows, merge it in a
 * transaction of its own (a few seconds at 1M units), so that the write's transaction does not
 * hold it. The write is committed whatever happens: when another writer holds the lock or the
 * merge fails, the delta stays as it is and the next write past the bound merges it. */
void ty__plist_merge_due(ty_tm *tm);
/* Every list anew from the units (plist_build.c); with `grams`, the trigram counts of `grams`
 * too, from the lists' lengths (an import that builds the lists does not count trigrams). */
ty_status ty__plist_rebuild(ty_tm *tm, int grams, ty_error *err);
/* The same, for units of which `grams` counts not all: `more` bounds the postings of those it
 * does not count (an import's: the characters of their texts), so that the build is split
 * into parts by every posting it makes, not only by those `grams` counts. */
ty_status ty__plist_rebuild_more(ty_tm *tm, int grams, size_t more, ty_error *err);
/* The lists built on a thread of their own from the units an import into an empty memory
 * stores, handed over as it stores them (their normalized texts with TY__TM_PAD, their lengths,
 * in id order): the same lists as ty__plist_rebuild makes from the memory's units afterwards,
 * while the import goes on, and without reading the units back. */
typedef struct ty__plist_builder ty__plist_builder;
/* The thread, given the units the memory holds (inside the import's transaction); *out NULL
 * when no thread can be started (the lists are then built from the units at the end). On an
 * error *out is set still, for the caller to free. */
ty_status ty__plist_builder_start(ty_tm *tm, ty__plist_builder **out, ty_error *err);
/* Hand unit `id` over (its normalized texts text[l] of len[l] bytes, copied, and its lengths
 * ulen[l] as units.ja_len, en_len); -1 when out of memory. The import waits when the thread is
 * some 8 MB of texts behind. */
int ty__plist_builder_add(ty__plist_builder *b, long long id, const char *const text[2],
                          const size_t len[2], const long long ulen[2]);
/* Wait for the thread and write every list and the trigram counts anew (as ty__plist_rebuild
 * with `grams`); *built is 0 when the thread ran out of memory (nothing written: the caller
 * builds them from the units). Frees b. */
ty_status ty__plist_builder_finish(ty__plist_builder *b, ty_tm *tm, int *built, ty_error *err);
/* Stop the thread without writing anything, and free b (NULL: nothing). */
void ty__plist_builder_free(ty__plist_builder *b);
/* Into how many parts a build of this many postings is split (tm->build_bytes a part). */
size_t ty__plist_parts(const ty_tm *tm, size_t postings);
/* Compare every list with the units; the first difference names the trigram and unit. */
ty_status ty__plist_verify(ty_tm *tm, ty_error *err);
/* The units whose normalized text in `lang` contains the normalized p[0, n) (plist_find.c):
 * fn(user, id) for each, by id descending (desc) or ascending, at most `limit` of them (< 0:
 * all); fn returns nonzero when out of memory. An SQLite memory only. */
ty_status ty__plist_find(ty_tm *tm, int lang, const char *p, size_t n, int desc, long long limit,
                         int (*fn)(void *user, long long id), void *user, ty_error *err);
/* An upper bound on how many units ty__plist_find gives for p of 3+ characters: the length of
 * its rarest trigram's list, as the lists record it (nothing decoded, no text read); -1 when
 * there is none to give (1–2 characters, a memory without posting lists). */
ty_status ty__plist_bound(ty_tm *tm, int lang, const char *p, size_t n, long long *bound,
                          ty_error *err);

/* The statements lookups and concordances run many times (unit.c). */
enum ty__sql {
    TY__SQL_TEXT,       /* ?1 id → ja, en, ja_norm, en_norm (resolved) */
    TY__SQL_META,       /* ?1 id → count, confidence */
    TY__SQL_FIRST,      /* ?1 id → name, position of its first occurrence */
    TY__SQL_EXACT_JA,   /* ?1 ja_hash → ids, most frequent first */
    TY__SQL_EXACT_EN,   /* ?1 en_hash → ids */
    TY__SQL_DF,         /* ?1 lang, ?2 gram → df */
    TY__SQL_POSTINGS_JA, /* ?1 fts5 query, ?2 a sink → the rowids to the sink (postings.c) */
    TY__SQL_POSTINGS_EN,
    TY__SQL_LEN,        /* ?1 id → ja_len, en_len */
    TY__SQL_NORM_JA,    /* ?1 id → the normalized Japanese */
    TY__SQL_NORM_EN,
    TY__SQL_PLIST,       /* ?1 lang, ?2 gram → ids (plist.c) */
    TY__SQL_PLIST_DELTA, /* ?1 lang, ?2 gram → unit, len, op, by unit */
    TY__SQL_PLIST_BOUND, /* ?1 lang, ?2 gram → the blob's count plus the delta's adds */
    TY__SQL_COUNT
};

/* A cached statement, reset and with its bindings cleared. */
ty_status ty__tm_stmt(ty_tm *tm, enum ty__sql which, sqlite3_stmt **st, ty_error *err);

/* A fuzzy candidate: how many of the query's selected trigrams it holds, then its score. */
typedef struct ty__cand {
    long long id;
    int count;
    int score;
    int numdiff;
    long long occurrences;
    long long len; /* its stored length on the query's side, as the postings gave it (-1:
                      unknown) */
    char *norm; /* its normalized text when the backend fetched it with the candidate (freed by
                   the lookup), else NULL: read through TY__SQL_NORM_* */
} ty__cand;

/* What lookups and concordances show of a unit. */
typedef struct ty__unit_info {
    char *ja, *en, *ja_norm, *en_norm, *document;
    size_t count;
    double confidence; /* -1 unknown */
    long long position;
} ty__unit_info;
/* Read unit `id` (texts always; `details`: count, confidence, first provenance too). */
ty_status ty__tm_unit_read(ty_tm *tm, long long id, int details, ty__unit_info *out,
                           ty_error *err);
void ty__unit_info_free(ty__unit_info *u);
/* Quote s[0, n) as an FTS5 string ("..." with '"' doubled); malloc'd. */
char *ty__fts_quote(const char *s, size_t n);

/* ---- the connection (db.c) ---- */

/* Fill err from the connection's last error ("FILE: MESSAGE"); returns TY_ERR_SQLITE, or
 * TY_ERR_NOMEM / TY_ERR_IO / TY_ERR_FORMAT when SQLite's code says so. */
ty_status ty__tm_fail(ty_tm *tm, ty_error *err, const char *what);
/* Step `st` for the one row it must give: TY_OK on a row; TY_ERR_NOTFOUND with the message
 * `fmt` (naming the memory) when there is none; the connection's error, reading `what`, when
 * the step fails. */
ty_status ty__tm_step_row(ty_tm *tm, sqlite3_stmt *st, const char *what, ty_error *err,
                          const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The same for a connection that is not (yet) a ty_tm (db may be NULL: out of memory). */
ty_status ty__tm_fail_db(sqlite3 *db, const char *path, ty_error *err, const char *what);

/* Prepare a statement; on failure fills err. */
ty_status ty__tm_prepare(ty_tm *tm, const char *sql, sqlite3_stmt **st, ty_error *err);

/* The statement of `sql` (a string that lives as long as the program: it is the key) kept by
 * the handle, reset and with its bindings cleared: an import's statements are prepared once a
 * connection, not once an import. The handle finalizes it (ty_tm_close, a reconnection); the
 * caller resets it after use and never finalizes it. */
ty_status ty__tm_kept(ty_tm *tm, const char *sql, sqlite3_stmt **st, ty_error *err);
/* One integer from a kept statement (its first column), with `arg` as ?1 when it has one. */
ty_status ty__tm_kept_int(ty_tm *tm, const char *sql, long long arg, long long *v,
                         ty_error *err);
/* Forget the kept statements (before the connection closes). */
void ty__tm_kept_drop(ty_tm *tm);

/* Run SQL without results (several statements allowed). */
ty_status ty__tm_exec(ty_tm *tm, const char *sql, ty_error *err);
/* Whether a write of its own (a removal, a review edit) may begin on the handle: TY_ERR_IO when
 * it is read-only, TY_ERR_INVALID while an import or a group is open on it. */
ty_status ty__tm_may_write(ty_tm *tm, ty_error *err);

/* Start a read transaction for a call that runs many statements (one snapshot, one lock
 * instead of one per statement), unless one is open; *began says whether to end it. */
ty_status ty__tm_read_begin(ty_tm *tm, int *began, ty_error *err);
void ty__tm_read_end(ty_tm *tm, int began);

/* Whether the memory has table `name` (*yes), asked once: *cached is 1 yes, -1 no, 0 not yet
 * asked (tm->plist, tm->fts). */
ty_status ty__tm_table_present(ty_tm *tm, const char *name, int *cached, int *yes,
                               ty_error *err);

/* The VFS of a pool's readers (shared_map.c): the unix VFS reading the main database through
 * one memory map per file and process, shared by the handles; its name, registered on the
 * first call, or NULL when it cannot be. */
#define TY__TM_SHARED_MAP_VFS "taiyaku-shared-map"
const char *ty__tm_shared_map_vfs(void);
/* For tests: whether connection db reads its main file through a shared map, and how many
 * pages it has read through it so far (in place, copied). */
int ty__tm_shared_map_stats(sqlite3 *db, unsigned long long *pages_fetched,
                            unsigned long long *pages_copied);

/* Free what lookups keep in the handle (lookup.c). */
void ty__tm_lookup_free(ty_tm *tm);

/* One integer from a query (a pragma, a count). */
ty_status ty__tm_query_int(ty_tm *tm, const char *sql, long long *v, ty_error *err);

/* Bring the schema from its version to `target` (<= TY__TM_SCHEMA), each step in one
 * transaction. Used by ty_tm_open (target TY__TM_SCHEMA) and by tests (older targets). */
ty_status ty__tm_migrate(ty_tm *tm, int target, ty_error *err);

/* Open a memory and stop migrating at schema `target` (tests of migrations). */
ty_status ty__tm_open_at(const char *path, int flags, int target, ty_tm **out, ty_error *err);

/* Whether s looks like "YYYY-MM-DD", optionally with "Thh:mm[:ss]" and a final "Z". */
int ty__tm_valid_time(const char *s);

/* The id of the document with this content hash, or 0. */
ty_status ty__tm_document_by_hash(ty_tm *tm, const char *hex, long long *id, ty_error *err);

/* Whether a document with this content hash is in the memory; if so, *known = 1 and `stats`
 * (may be NULL) says so for an import of n units. */
ty_status ty__tm_known(ty_tm *tm, const char *hex, size_t n, ty_tm_import_stats *stats,
                       int *known, ty_error *err);

/* ty_tm_import_begin with the content hash computed beforehand by the caller (ty_tm_add_units,
 * ty_tm_add_alignment), which checked that no document has it. */
ty_status ty__tm_import_begin_hashed(ty_tm *tm, const ty_tm_docinfo *info, const char *hex,
                                     ty_tm_import **out, ty_error *err);

/* The file the handle's connection has open: the hidden file of a memory being made, else the
 * memory's path. */
const char *ty__tm_file(const ty_tm *tm);

/* After an import's commit: a memory being made takes its name (WAL from then on) and the
 * connection is opened on it; any other is left as it is. */
ty_status ty__tm_publish(ty_tm *tm, ty_error *err);

/* ---- the files of a memory being made (create.c) ---- */

/* A new hidden file beside `path` to make a memory in, locked (flock) through *lock_fd, after
 * removing the hidden files of that name left by makers that died. */
ty_status ty__tm_hidden_new(const char *path, char **hidden, int *lock_fd, ty_error *err);
/* Give the complete memory in `hidden` (closed by SQLite) the name `path`: synced, linked,
 * the hidden name removed. Fails with TY_ERR_IO when something has that name meanwhile. */
ty_status ty__tm_hidden_publish(const char *hidden, int lock_fd, const char *path,
                                ty_error *err);
/* Remove a hidden file (and what SQLite kept beside it), release its lock and free the name. */
void ty__tm_hidden_discard(char *hidden, int lock_fd);

/* Rebuild grams and the posting lists (and below step 8 fts_ja, fts_en) from unit_text
 * (schema step 2; a repair). */
ty_status ty__tm_build_search(ty_tm *tm, ty_error *err);

/* ---- indexing one unit's normalized texts (index.c) ---- */

/* Whether the memory has fts_ja and fts_en (*yes; below schema step 8). */
ty_status ty__tm_fts_present(ty_tm *tm, int *yes, ty_error *err);
/* Adds units' postings and counts their trigrams for `grams` (below step 8: to fts_* too). */
typedef struct ty__indexer {
    ty_tm *tm;
    sqlite3_stmt *fts[2];      /* NULL from schema step 8 on */
    struct ty__gram_counter *gc[2];
    char *buf[2];
    size_t cap[2];
    ty__plist_batch *plist;    /* the units' postings (plist.c); NULL below schema step 7 */
    long long held;            /* ty__indexer_init's `held` */
    size_t added;              /* units added */
    size_t positions;          /* their trigram positions (a bound on their postings) */
    ty__plist_builder *builder; /* an import into an empty memory: the lists built beside it */
    int rebuild;               /* more than the memory held: the posting lists are built anew */
    int deferred;              /* tm->defer_index: the units are left pending, not indexed */
    long long first_pending;   /* then: the first unit added (0: none) */
} ty__indexer;
/* `held`: how many units the memory holds (inside the import's transaction), so that an import
 * larger than that builds the posting lists anew; -1: never. Folds the memory's pending units
 * in first (ty__tm_fold_pending), unless the handle defers indexing: then the units added are
 * left pending and ty__indexer_finish marks them so. */
ty_status ty__indexer_init(ty__indexer *ix, ty_tm *tm, long long held, ty_error *err);
/* Index unit `id` with its normalized texts (norm[TY_LANG_JA], norm[TY_LANG_EN]) of ulen[l]
 * units (units.ja_len, en_len). */
ty_status ty__indexer_add(ty__indexer *ix, long long id, const char *const norm[2],
                          const size_t len[2], const long long ulen[2], ty_error *err);
/* Write the posting lists and the trigram counts (call before committing); inside a group,
 * leave the counts to ty__indexer_group. */
ty_status ty__indexer_finish(ty__indexer *ix, ty_error *err);
/* Inside a group: add (sign 1) the import's trigram counts to the group's (tm->group_grams),
 * which ty_tm_group_commit writes, or take them out again (sign -1, never fails). */
ty_status ty__indexer_group(ty__indexer *ix, int sign, ty_error *err);
void ty__indexer_free(ty__indexer *ix);
/* Index the pending units (their postings and trigram counts; the lists built anew when they
 * outnumber the units indexed, outside a group) and clear the mark, inside the caller's write
 * transaction. Every write that indexes or unindexes units calls it first (ty__indexer_init,
 * ty__remover_init), so the units below the mark stay exactly those indexed. */
ty_status ty__tm_fold_pending(ty_tm *tm, ty_error *err);

/* ---- hashing (content_hash.c) ---- */

/* A 64-bit hash of s[0, n) (not cryptographic; stable across builds and machines). */
uint64_t ty__tm_hash64(const void *s, size_t n);

/* A streaming 128-bit content hash. */
typedef struct ty__hash128 {
    uint64_t a, b, len;
    unsigned char buf[8];
    size_t nbuf;
} ty__hash128;
void ty__hash128_init(ty__hash128 *h);
void ty__hash128_add(ty__hash128 *h, const void *s, size_t n);
/* Finish into 32 lower-case hex digits and a NUL. */
void ty__hash128_hex(ty__hash128 *h, char out[33]);

/* A set of (ja_hash, en_hash) pairs, kept as one 64-bit mix of both, each with an id (the
 * unit first stored with it): a hit may be a collision (check the texts), a miss is certain.
 * Zero-initialize. */
typedef struct ty__pair_set {
    uint64_t *v;
    long long *id;
    size_t n, cap;
} ty__pair_set;
/* Add a pair with id *id: 1 if it (or a colliding one) was there, its id then in *id; 0 if
 * added; -1 out of memory. */
int ty__pair_set_add(ty__pair_set *s, uint64_t ja_hash, uint64_t en_hash, long long *id);
void ty__pair_set_free(ty__pair_set *s);

/* The units memo (ty__unit_memo, defined above struct ty_tm). */
/* At most this many bytes of texts; a memo that would hold more starts empty again. */
#define TY__TM_MEMO_BYTES ((size_t)64 << 20)
/* The key of texts ja and en (never 0). */
uint64_t ty__unit_memo_key(const char *ja, const char *en);
/* The id of the unit with texts ja and en (key: ty__unit_memo_key), or 0. */
long long ty__unit_memo_find(const ty__unit_memo *m, uint64_t key, const char *ja,
                             const char *en);
/* Remember unit `id` with texts ja and en, not in m yet: 0, or -1 out of memory (m is then
 * empty). */
int ty__unit_memo_add(ty__unit_memo *m, uint64_t key, const char *ja, const char *en,
                      long long id);
void ty__unit_memo_free(ty__unit_memo *m);
/* ---- trigrams (grams.c) ---- */

/* The trigrams of s[0, n) (UTF-8), in order: calls fn(user, gram, gram_len, key) for each
 * sequence of three code points, where key packs the three code points (21 bits each) —
 * equal keys are equal trigrams. Ill-formed bytes count as U+FFFD. Returns the number of
 * code points. */
size_t ty__tm_trigrams(const char *s, size_t n,
                       void (*fn)(void *user, const char *gram, size_t len, uint64_t key),
                       void *user);

/* The UTF-8 (and a NUL) of a trigram's packed key; returns its length in bytes. */
size_t ty__tm_gram_unpack(uint64_t key, char out[13]);
/* A counter of distinct trigrams per unit (document frequency), kept in memory while an
 * import runs and added to `grams` at its end. */
typedef struct ty__gram_counter ty__gram_counter;
ty__gram_counter *ty__gram_counter_new(void);
/* Count the distinct trigrams of text (once per call to ty__gram_counter_next_unit). */
int ty__gram_counter_add(ty__gram_counter *gc, const char *text, size_t len);
void ty__gram_counter_next_unit(ty__gram_counter *gc);
/* Add (sign 1) the counts of src to dst, or take them out again (sign -1: never fails);
 * -1 when out of memory, dst unchanged. */
int ty__gram_counter_merge(ty__gram_counter *dst, const ty__gram_counter *src, int sign);
/* Add the counts to grams(lang, ...) and reset. */
ty_status ty__gram_counter_flush(ty__gram_counter *gc, ty_tm *tm, int lang, ty_error *err);
/* Subtract them (units removed), drop the trigrams no unit holds any more, and reset. */
ty_status ty__gram_counter_flush_sub(ty__gram_counter *gc, ty_tm *tm, int lang, ty_error *err);
/* Whether the counter holds enough distinct trigrams to flush in the middle of an import. */
int ty__gram_counter_full(const ty__gram_counter *gc);
void ty__gram_counter_free(ty__gram_counter *gc);

/* The distinct trigrams of a normalized query and their document frequencies in `lang` (0
 * when no unit has one), rarest first. */
typedef struct ty__qgram {
    uint64_t key;
    char g[16];
    size_t len;
    long long df;
} ty__qgram;
typedef struct ty__qgrams {
    ty__qgram *v;
    size_t n, cap;
    int failed;
} ty__qgrams;
ty_status ty__tm_query_grams(ty_tm *tm, int lang, const char *norm, size_t len, ty__qgrams *q,
                             ty_error *err);
void ty__qgrams_free(ty__qgrams *q);

/* ---- fuzzy scoring (match.c) ---- */

/* Tokens of a normalized text for scoring: code points (Japanese) or words (English, ICU word
 * boundaries; white space dropped, punctuation kept as tokens), as 64-bit symbols. */
typedef struct ty__tokens {
    uint64_t *v;
    size_t n, cap;
} ty__tokens;
void ty__tokens_free(ty__tokens *t);

typedef struct ty__matcher ty__matcher;
ty_status ty__matcher_new(ty__matcher **out, ty_error *err);
void ty__matcher_free(ty__matcher *m);
/* Tokenize a normalized text; returns 0, or -1 when out of memory / over the cap. */
int ty__tokenize(ty__matcher *m, ty_lang lang, const char *norm, size_t len, ty__tokens *out);
/* How many tokens ty__tokenize gives a normalized English text (*n): counted byte by byte when
 * the text is printable ASCII, else by tokenizing it into scratch; 0, or -1 as ty__tokenize. */
int ty__en_words(ty__matcher *m, const char *norm, size_t len, ty__tokens *scratch, size_t *n);

/* The edit distance between a fixed pattern and many texts (Myers' bit-parallel algorithm,
 * blocked for patterns longer than 64 tokens). */
typedef struct ty__lev ty__lev;
ty__lev *ty__lev_new(const uint64_t *pattern, size_t m);
size_t ty__lev_distance(ty__lev *lev, const uint64_t *text, size_t n);
void ty__lev_free(ty__lev *lev);

/* The numbers of a normalized text as the aligner reads them (anchors/numbers.c: 1,000 =
 * １，０００ = 千 = 1000; 二千二十四 = 2024 = 令和6年; months and times too), as sorted keys, so that a
 * changed number is seen whatever script writes it. */
typedef struct ty__tm_numbers {
    uint32_t *v;
    size_t n;
} ty__tm_numbers;
int ty__tm_numbers_extract(ty__matcher *m, ty_lang lang, const char *norm, size_t len,
                           ty__tm_numbers *out);
/* How many numbers differ: the larger of (numbers of a not in b) and (of b not in a), as
 * multisets — a changed number counts once, an added or dropped one once. */
size_t ty__tm_numbers_diff(const ty__tm_numbers *a, const ty__tm_numbers *b);
void ty__tm_numbers_free(ty__tm_numbers *nums);

/* The score of a candidate: 100 * (1 - d / max(m, n)), rounded down; then, when their numbers
 * differ, TY__NUMBER_PENALTY points per differing number (at most TY__NUMBER_PENALTY_MAX)
 * and never above 99. Identical token sequences with the same numbers score 100. */
#define TY__NUMBER_PENALTY 2
#define TY__NUMBER_PENALTY_MAX 10
int ty__score(size_t d, size_t m, size_t n, size_t numbers_differ);

/* The bytes of the speaker label that starts a normalized Japanese text, white space after
 * it included, or 0: 【…】 (at most 48 bytes) with text after it. English labels are not
 * found: once case-folded, "minister kamikawa: yes." looks like "the reason is simple: yes.".
 * Fuzzy scores compare the texts without their labels, and a pair whose labels differ scores
 * at most 99: the same sentence said by someone else is not an exact match. */
size_t ty__label_prefix(ty_lang lang, const char *norm, size_t len);
/* Whether the labels a[0, na) and b[0, nb) (as ty__label_prefix found them) differ. */
int ty__labels_differ(const char *a, size_t na, const char *b, size_t nb);
#define TY__LABEL_SLACK_JA 16 /* characters a label may add to a Japanese unit's length */

/* Score two normalized texts directly (tests, tools). */
int ty__match_score(ty__matcher *m, ty_lang lang, const char *a, const char *b,
                    int *numbers_differ);

/* ---- taking units out (remove.c) ---- */

/* Deletes units: their texts, (at ty__remover_flush) postings and trigram counts, and below
 * schema step 8 their FTS5 entries. */
typedef struct ty__remover {
    ty_tm *tm;
    sqlite3_stmt *text, *fts[2], *del_text, *del_unit; /* fts: NULL from step 8 on */
    ty__gram_counter *gc[2]; /* the trigrams of the units deleted, subtracted at the end */
    ty__plist_batch *plist;  /* their postings (NULL below schema step 7) */
    char *buf;
    size_t cap;
} ty__remover;
ty_status ty__remover_init(ty__remover *r, ty_tm *tm, ty_error *err);
/* Subtract the trigram counts and take the postings of the units deleted out. */
ty_status ty__remover_flush(ty__remover *r, ty_error *err);
/* Delete unit `id`'s texts and row; `unindex`: its index entries and trigram counts too. */
ty_status ty__remover_delete_unit(ty__remover *r, long long id, int unindex, ty_error *err);
void ty__remover_free(ty__remover *r);
/* ty_tm_remove_document's work inside the caller's write transaction (an SQLite memory; an
 * import that replaces the document calls it before its commit); `stats` may be NULL. */
ty_status ty__tm_remove_in(ty_tm *tm, long long doc, ty_tm_remove_stats *stats, ty_error *err);
/* Record that ids up to `id` of `what` ('document', 'unit') were used (schema step 3). */
ty_status ty__tm_retire(ty_tm *tm, const char *what, long long id, ty_error *err);

/* ---- props (store.c) ---- */

/* Encode props as "type\x1fvalue\x1e..." (NULL when there are none to keep); skips the types
 * the memory keeps in its own columns (x-confidence, x-shape) and those it writes on export
 * (x-document, x-count). */
char *ty__tm_props_encode(const ty_prop *props, size_t n);
/* Append one prop to the growable array v[0, *n) of *cap places; -1 when out of memory. */
int ty__tm_props_push(ty_prop **v, size_t *n, size_t *cap, const char *type, const char *value);
/* Append the props ty__tm_props_encode wrote in buf, which they cut and point into; -1 when
 * out of memory. */
int ty__tm_props_decode(char *buf, ty_prop **v, size_t *n, size_t *cap);


/* The document an open import adds (store.c). */
long long ty__tm_import_document(const ty_tm_import *imp);
/* An import handle that adds occurrences to existing document `doc` inside the caller's
 * transaction (review edits), in any backend (another one stores them through its attach_*
 * entries): no document row, no BEGIN or COMMIT, no content hash, no structure reconstructed
 * from the units' props, and documents.units left to the caller. ty__tm_import_seek sets the
 * position of the next unit ty_tm_import_add adds; ty__tm_import_detach stores what is left
 * (SQLite: the trigram counts), gives in *stats the units added and merged (the occurrences
 * stored) and frees the handle (ty_tm_import_abort frees it and, in an SQLite memory, rolls
 * the caller's transaction back). */
ty_status ty__tm_import_attach(ty_tm *tm, long long doc, ty_tm_import **out, ty_error *err);
void ty__tm_import_seek(ty_tm_import *imp, size_t position);
/* The import reconstructs no structure from its units' props (ty__tm_structure_import): a
 * copy brings the document's own. */
void ty__tm_import_plain(ty_tm_import *imp);
/* The occurrences the import adds from now on are at their position << shift: the keys of
 * the beads stored with them (an aligned pair's, ty__tm_key_shift). */
void ty__tm_import_spaced(ty_tm_import *imp, int shift);
ty_status ty__tm_import_detach(ty_tm_import *imp, ty_tm_import_stats *stats,
                                ty_error *err);

/* ---- sentence structure and review (structure.c, review_plan.c, review.c) ---- */

/* Store the sentences and beads of an aligned pair as document `doc` (inside its import's
 * transaction). */
ty_status ty__tm_structure_store(ty_tm *tm, long long doc, const ty_doc *ja, const ty_doc *en,
                                 const ty_alignment *al, ty_error *err);
/* Bead i of an alignment as the memory stores it (a pinned one reviewed; unit 0). */
void ty__tm_alignment_bead(const ty_alignment *al, size_t i, ty_tm_bead *out);
/* The sentences and beads of an aligned pair, stored with import imp's document: in the
 * import's transaction (SQLite), or staged with the import for its commit (another backend). */
ty_status ty__tm_import_structure(ty_tm_import *imp, const ty_doc *ja, const ty_doc *en,
                                  const ty_alignment *al, ty_error *err);
/* How far apart (as a shift) the beads of a newly stored document are: TY__TM_KEY_SHIFT, or 0
 * in a memory at schema step 5 (tests make them). */
ty_status ty__tm_key_shift(ty_tm *tm, int *shift, ty_error *err);
/* Run a bound write statement and reset it; `what` words a failure. */
ty_status ty__tm_run(ty_tm *tm, sqlite3_stmt *st, const char *what, ty_error *err);
/* Insert beads b[0, n) of document `doc` with keys keys[0, n). */
ty_status ty__tm_beads_insert(ty_tm *tm, long long doc, const long long *keys,
                              const ty_tm_bead *b, size_t n, ty_error *err);
/* Delete document `doc`'s sentences, beads and edits (inside ty_tm_remove_document's
 * transaction). */
ty_status ty__tm_structure_remove(ty_tm *tm, long long doc, ty_error *err);
/* Sentences joined as ty_doc_join joins them (a space between English ones); NULL texts (lost
 * sentences) count as "". Malloc'd; NULL when out of memory. */
char *ty__join_texts(int english, const char *const *texts, size_t n);
/* After an import of units into document `doc` (inside its transaction): when the document has
 * no structure yet and its units say which sentences they were made of (x-ja-segments,
 * x-en-segments: a TMX taiyaku wrote), its structure as the upgrade reconstructs it. */
ty_status ty__tm_structure_import(ty_tm *tm, long long doc, ty_error *err);
/* Schema step 5: the tables, and the structure of the documents already stored that their
 * units' props allow to reconstruct. */
ty_status ty__tm_structure_migrate(ty_tm *tm, ty_error *err);
/* Beads [lo, hi) of document `doc` (malloc'd, in order; hi past the end: to the end), *n of
 * them; `total` (may be NULL) receives how many the document has, `version` (may be NULL) its
 * version, `keys` (may be NULL) their keys and then the key of bead hi, or -1 when there is
 * none (malloc'd, *n + 1 of them). TY_ERR_NOTFOUND without structure. Reads the rows asked
 * for and steps over the keys before them; it does not read the beads after them. */
ty_status ty__tm_beads_read(ty_tm *tm, long long doc, size_t lo, size_t hi, ty_tm_bead **out,
                            size_t *n, size_t *total, long long *version, long long **keys,
                            ty_error *err);
/* Beads as text ("ja_first ja_count en_first en_count confidence status pinned" a line) and
 * back; decoding fails (-1) on anything else. */
char *ty__beads_encode(const ty_tm_bead *b, size_t n);
int ty__beads_decode(const char *s, ty_tm_bead **out, size_t *n);

/* The beads an edit's plan reads: [lo, hi) (hi may pass the document's end). */
void ty__review_span(const ty_review_edit *e, size_t *lo, size_t *hi);
/* What an edit does to a document of n beads, of which win[] holds those from `base` on that
 * ty__review_span names: beads [first, first + nold) become out[0, nout) (malloc'd).
 * TY_ERR_INVALID saying why when it does not apply (review_plan.c). */
ty_status ty__review_plan(const ty_tm_bead *win, size_t base, size_t n, const ty_review_edit *e,
                          size_t *first, size_t *nold, ty_tm_bead **out, size_t *nout,
                          ty_error *err);
/* ---- backends other than SQLite (PostgreSQL: pg_*.c) ----
 * A backend stores, indexes and fetches; normalizing, hashing, scoring and ranking stay in the
 * shared code (store.c, lookup.c, match.c), which calls the backend through this table. */

/* One unit of an import as the shared code prepared it (store.c). */
typedef struct ty__stage_unit {
    const ty_unit *unit;         /* its texts, tuid, confidence, shape as given */
    const char *norm[2];         /* ty_normalize of each side */
    size_t norm_len[2];
    uint64_t hash[2];            /* ty__tm_hash64 of norm */
    size_t ja_len, en_len;       /* code points of the Japanese, words of the English */
    size_t position;             /* in its document, 0-based */
    const char *props;           /* ty__tm_props_encode, or NULL */
    const char *ja_lang, *en_lang; /* the unit's own language codes, NULL: its document's */
} ty__stage_unit;

/* One occurrence of a document as a copy reads it (copy.c): the unit at `position`, with what
 * the occurrence holds (unit.ja/en the unit's texts; confidence, shape, tuid, its own language
 * codes or NULL) and its props encoded (ty__tm_props_encode; NULL: none; unit.props unset). */
typedef struct ty__occ {
    long long position;
    ty_unit unit;
    const char *props;
} ty__occ;
typedef ty_status (*ty__occ_fn)(const ty__occ *o, void *user, ty_error *err);

/* One accepted finding (check_ignored), as a copy reads and writes it. */
typedef struct ty__ignored {
    const char *id, *note, *who, *added_at; /* note, who: NULL when none */
} ty__ignored;
typedef ty_status (*ty__ignored_fn)(const ty__ignored *row, void *user, ty_error *err);

/* What an export admits (export.c): units with an occurrence in document `document` (NULL:
 * any), of confidence >= min_confidence (< 0: any, unknown too), with an occurrence imported
 * at or after `since` (without its final Z; NULL: any), reviewed (accepted) ones only. */
typedef struct ty__export_filter {
    const char *document;
    double min_confidence;
    const char *since;
    int reviewed_only;
} ty__export_filter;
/* One row of an export: a unit's columns (confidence -1: unknown; reviewed: a reviewer
 * accepted one of its beads) and one of its occurrences (its document's name, the languages
 * it has, its tuid and props as stored; name NULL: the unit has none). */
typedef struct ty__export_row {
    long long id, count;
    const char *ja, *en, *shape;
    double confidence;
    int reviewed;
    const char *name, *ja_lang, *en_lang, *tuid, *props;
} ty__export_row;
typedef ty_status (*ty__export_fn)(const ty__export_row *row, void *user, ty_error *err);

/* One unit as the consistency checks read it (src/consistency/): its texts and normalized texts
 * (text[l], norm[l] by language), count and best confidence (-1: unknown). Strings live until
 * the callback returns. */
typedef struct ty__unit_row {
    long long id;
    const char *text[2], *norm[2];
    long long count;
    double confidence;
} ty__unit_row;
typedef ty_status (*ty__unit_row_fn)(void *user, const ty__unit_row *u, ty_error *err);
/* One occurrence of a unit as they read it: its document (id, name), the position shown
 * (TY__TM_SHOWN_POSITION), its confidence (-1: unknown) and its props as stored (NULL: none). */
typedef struct ty__occ_row {
    long long document;
    const char *name;
    long long position;
    double confidence;
    const char *props;
} ty__occ_row;
/* The i-th unit asked for, with its occurrences occ[0, nocc) by document and position. */
typedef ty_status (*ty__entry_fn)(void *user, size_t i, const ty__unit_row *u,
                                  const ty__occ_row *occ, size_t nocc, ty_error *err);
/* One neighbour of an occurrence (document `doc`, position `pos` as stored) `off` positions
 * away (< 0 before it), with its unit's texts. */
typedef ty_status (*ty__near_row_fn)(void *user, long long doc, long long pos, long long off,
                                     const char *ja, const char *en, ty_error *err);
/* Ids handed over one at a time; a status other than TY_OK stops the read and is returned. */
typedef ty_status (*ty__id_fn)(void *user, long long id, ty_error *err);

/* The statements that read the structure, the same SQL in every backend, with its parameter
 * markers as arguments (SQLite "?1", PostgreSQL "$1"): */
/* D → version, regular, beads below regular (from the largest key there), beads from it on */
#define TY__SQL_BEAD_COUNTS(D)                                                                 \
    "SELECT a.version, a.regular, (SELECT coalesce((max(idx) >> 20) + 1, 0) FROM beads "     \
    "WHERE document = " D " AND idx < a.regular), (SELECT count(*) FROM beads WHERE "        \
    "document = " D " AND idx >= a.regular) FROM alignments a WHERE a.document = " D
/* D, FROM, SKIP → the key */
#define TY__SQL_BEAD_KEY(D, FROM, SKIP)                                                        \
    "SELECT idx FROM beads WHERE document = " D " AND idx >= " FROM " ORDER BY idx LIMIT 1 "   \
    "OFFSET " SKIP
/* D, FROM, LIMIT → key, ja_first, ja_count, en_first, en_count, confidence, status, pinned,
 * the unit of the occurrence at the key */
#define TY__SQL_BEAD_ROWS(D, FROM, LIMIT)                                                      \
    "SELECT b.idx, b.ja_first, b.ja_count, b.en_first, b.en_count, b.confidence, b.status, "  \
    "b.pinned, o.unit FROM beads b LEFT JOIN occurrences o ON o.document = b.document AND "   \
    "o.position = b.idx WHERE b.document = " D " AND b.idx >= " FROM " ORDER BY b.idx "       \
    "LIMIT " LIMIT
/* D → name, ja_sentences, en_sentences, lost */
#define TY__SQL_REVIEW_HEAD(D)                                                                 \
    "SELECT d.name, a.ja_sentences, a.en_sentences, a.lost FROM documents d JOIN alignments " \
    "a ON a.document = d.id WHERE d.id = " D
/* D → lang, idx, text, paragraph */
#define TY__SQL_SENTENCES(D) "SELECT lang, idx, text, paragraph FROM sentences WHERE document = " D
/* D, L, FROM, TO → idx, text: side L's sentences [FROM, TO) */
#define TY__SQL_SENTENCE_RANGE(D, L, FROM, TO)                                                 \
    "SELECT idx, text FROM sentences WHERE document = " D " AND lang = " L " AND idx >= " FROM \
    " AND idx < " TO " ORDER BY idx"
/* D → id, at, who, op, first, before, after, undone */
#define TY__SQL_EDITS(D)                                                                       \
    "SELECT id, at, who, op, first, before, after, undone FROM edits WHERE document = " D     \
    " ORDER BY id"
/* T (the threshold) → the columns of ty_tm_review_summary, in its order */
#define TY__SQL_REVIEW_SUMMARIES(T)                                                            \
    "SELECT d.id, d.name, d.imported_at, d.units, a.document IS NOT NULL, "                    \
    " coalesce(a.version, 0), coalesce(s.beads, 0), coalesce(s.doubtful, 0),"                \
    " coalesce(s.unpaired, 0), coalesce(s.reviewed, 0), coalesce(s.rejected, 0),"             \
    " s.min_conf "                                                                            \
    "FROM documents d LEFT JOIN alignments a ON a.document = d.id "                           \
    "LEFT JOIN (SELECT document, count(*) AS beads,"                                          \
    "  count(*) FILTER (WHERE ja_count > 0 AND en_count > 0 AND status = 0"                   \
    "   AND coalesce(confidence, 0) < " T ") AS doubtful,"                                    \
    "  sum(CASE WHEN (ja_count = 0 OR en_count = 0) AND status = 0"                           \
    "   THEN ja_count + en_count ELSE 0 END) AS unpaired,"                                    \
    "  count(*) FILTER (WHERE status = 1) AS reviewed,"                                       \
    "  count(*) FILTER (WHERE status = 2) AS rejected,"                                       \
    "  min(CASE WHEN ja_count > 0 AND en_count > 0 THEN confidence END) AS min_conf"          \
    "  FROM beads GROUP BY document) s ON s.document = d.id "                                 \
    "ORDER BY d.id"

/* What ty__tm_beads_read reads of an alignments row: the version, alignments.regular, how
 * many beads lie below it (counted from the largest key there) and how many from it on. */
typedef struct ty__bead_counts {
    long long version, regular, below, rest;
} ty__bead_counts;
typedef ty_status (*ty__bead_fn)(void *user, long long key, const ty_tm_bead *b,
                                 ty_error *err);
/* Sentence idx of side lang (text NULL: lost). */
typedef ty_status (*ty__sentence_fn)(void *user, int lang, long long idx, const char *text,
                                     long long paragraph, ty_error *err);
/* One row of `edits` as stored (before, after: ty__beads_encode). */
typedef struct ty__edit_row {
    long long id, first;
    const char *at, *who, *op, *before, *after;
    int undone;
} ty__edit_row;
typedef ty_status (*ty__edit_fn)(void *user, const ty__edit_row *e, ty_error *err);

/* One document's whole structure as a copy moves it (copy.c, structure.c): its alignments
 * row, its sentences, its beads with their keys (b.unit unset) and its edits, oldest first. */
typedef struct ty__sentence_row {
    int lang;
    long long idx, paragraph;
    char *text; /* NULL: lost */
} ty__sentence_row;
typedef struct ty__keyed_bead {
    long long key;
    ty_tm_bead b;
} ty__keyed_bead;
typedef struct ty__doc_structure {
    long long n[2], lost, version, regular;
    ty__sentence_row *sent;
    size_t nsent, capsent;
    ty__keyed_bead *beads;
    size_t nbeads, capbeads;
    ty__edit_row *edits; /* strings malloc'd */
    size_t nedits, capedits;
} ty__doc_structure;

typedef struct ty__tm_backend {
    const char *name; /* "PostgreSQL" */
    void (*close)(ty_tm *tm);
    ty_status (*info)(ty_tm *tm, ty_tm_info *info, ty_error *err);
    ty_status (*documents)(ty_tm *tm, ty_tm_document_fn fn, void *userdata, ty_error *err);
    ty_status (*document_by_hash)(ty_tm *tm, const char *hex, long long *id, ty_error *err);
    /* an import: begin (document `name` imported at `when`), one call per unit, then commit
     * (all in one transaction; stats->added and ->merged are the backend's) or abort */
    ty_status (*import_begin)(ty_tm *tm, const char *name, const char *when, void **imp,
                              ty_error *err);
    ty_status (*import_unit)(void *imp, const ty__stage_unit *u, ty_error *err);
    ty_status (*import_commit)(void *imp, const char *hex, const char *ja_lang,
                               const char *en_lang, ty_tm_import_stats *stats, ty_error *err);
    void (*import_abort)(void *imp);
    /* the import replaces document `doc` (ty_tm_import_replace): its commit takes it out as
     * remove_document does, in the import's transaction (TY_ERR_NOTFOUND, nothing stored, when
     * it is not there), and counts it in stats->replaced; an import whose content the memory
     * holds already takes nothing out */
    ty_status (*import_replace)(void *imp, long long doc, ty_error *err);
    /* exact lookup: ids of the units whose normalized `lang` side hashes to `hash`, most
     * occurrences first, at most `max` */
    ty_status (*exact_ids)(ty_tm *tm, ty_lang lang, uint64_t hash, long long *ids, size_t max,
                           size_t *n, ty_error *err);
    /* fuzzy lookup, in the steps the shared code (lookup.c) takes with an SQLite memory too:
     * the document frequencies of q's trigrams in `lang`, q then sorted rarest first (as
     * ty__tm_query_grams does); */
    ty_status (*gram_dfs)(ty_tm *tm, ty_lang lang, ty__qgrams *q, ty_error *err);
    /* the ids of the units holding each of q's first k trigrams that some unit holds, trigram
     * after trigram and ascending within one, given to fn with the unit's `lang` length
     * (ja_len, en_len; -1 when the backend cannot say: the length window then admits it)
     * (fn returns nonzero when out of memory); */
    ty_status (*postings)(ty_tm *tm, ty_lang lang, const ty__qgrams *q, size_t k,
                          int (*fn)(void *user, long long id, long long len), void *user,
                          ty_error *err);
    /* the normalized `lang` texts (c[i].norm, malloc'd; NULL: no such unit) and occurrences of
     * the candidates to score, in one request */
    ty_status (*texts)(ty_tm *tm, ty_lang lang, ty__cand *c, size_t n, ty_error *err);
    ty_status (*unit_read)(ty_tm *tm, long long id, int details, ty__unit_info *out,
                           ty_error *err);
    ty_status (*verify)(ty_tm *tm, ty_error *err); /* ty_tm_verify */
    /* a copy of the memory (copy.c): document `doc`'s occurrences by position; */
    ty_status (*occurrences)(ty_tm *tm, long long doc, ty__occ_fn fn, void *user,
                             ty_error *err);
    /* the accepted findings, read (by id, or with `by_added` by added_at then id), added
     * (`replace`: over one of that id; else one of that id is kept) and removed (*removed: 1
     * when there was one); */
    ty_status (*ignored)(ty_tm *tm, int by_added, ty__ignored_fn fn, void *user, ty_error *err);
    ty_status (*ignored_put)(ty_tm *tm, const ty__ignored *row, int replace, ty_error *err);
    ty_status (*ignored_remove)(ty_tm *tm, const char *id, int *removed, ty_error *err);
    /* everything the memory holds removed (a copy into it failed part way) */
    ty_status (*empty)(ty_tm *tm, ty_error *err);
    /* an export (export.c): the rows of the units f admits, ascending by unit id, and each
     * unit's occurrences by document and position */
    ty_status (*export)(ty_tm *tm, const ty__export_filter *f, ty__export_fn fn, void *user,
                        ty_error *err);
    /* a concordance (concord.c): the ids of the units whose normalized `lang` text holds
     * p[0, n) (`nchars` characters), newest (largest id) first, at most `limit` (< 0: all),
     * given to fn (fn returns nonzero when out of memory) */
    ty_status (*find)(ty_tm *tm, ty_lang lang, const char *p, size_t n, size_t nchars,
                      long long limit, int (*fn)(void *user, long long id), void *user,
                      ty_error *err);
    /* ty_tm_remove_document, all of it in one transaction (the shared code has checked the
     * handle may write) */
    ty_status (*remove_document)(ty_tm *tm, long long doc, ty_tm_remove_stats *stats,
                                 ty_error *err);
    /* What the consistency checks and phrase reports read (consistency/units.c and the files
     * beside it, which do the judging): */
    /* every unit's hash of side `lang` (units.ja_hash or en_hash), the other side's and its
     * id, in no particular order; with `doc`, only the units that occur in documents of that
     * name (each once) (fn returns nonzero when out of memory); */
    ty_status (*hashes)(ty_tm *tm, ty_lang lang, const char *doc,
                        int (*fn)(void *user, uint64_t key, uint64_t other, long long id),
                        void *user, ty_error *err);
    /* units ids[0, n) with their occurrences (with `only_doc`, those in documents of that
     * name only), in that order, in few requests; TY_ERR_NOTFOUND naming the first one that
     * is not there; */
    ty_status (*entries)(ty_tm *tm, const long long *ids, size_t n, const char *only_doc,
                         ty__entry_fn fn, void *user, ty_error *err);
    /* the units (texts and normalized texts; count and confidence unset): all of them by id,
     * or with `doc` those that occur in documents of that name, by the smallest document id
     * and the smallest position of their occurrences there, then id; */
    ty_status (*units)(ty_tm *tm, const char *doc, ty__unit_row_fn fn, void *user,
                       ty_error *err);
    /* the ids of the units with an occurrence of confidence below `below` (with `doc`: in
     * documents of that name), ordered as `units` orders them over those occurrences; */
    ty_status (*low_confidence)(ty_tm *tm, double below, const char *doc, ty__id_fn fn,
                                void *user, ty_error *err);
    /* the units whose normalized `lang` side hashes to `hash` (count set, confidence unset),
     * most occurrences first, then by id; */
    ty_status (*same_hash)(ty_tm *tm, ty_lang lang, uint64_t hash, ty__unit_row_fn fn,
                           void *user, ty_error *err);
    /* the neighbours of unit `id`'s occurrences within `near` positions, by document, the
     * occurrence's position and the neighbour's; */
    ty_status (*neighbours)(ty_tm *tm, long long id, int near, ty__near_row_fn fn, void *user,
                            ty_error *err);
    /* the units whose normalized `lang` text holds p[0, n) (`nchars` characters), ascending
     * by id, at most `limit`, each with that text (norm[0, len)); fn returns 0 to go on, > 0
     * to stop, < 0 when out of memory; */
    ty_status (*containing)(ty_tm *tm, ty_lang lang, const char *p, size_t n, size_t nchars,
                            size_t limit,
                            int (*fn)(void *user, long long id, const char *norm, size_t len),
                            void *user, ty_error *err);
    /* the smallest and the largest unit id (0 and 0 in an empty memory); */
    ty_status (*id_range)(ty_tm *tm, long long *lo, long long *hi, ty_error *err);
    /* for each from[i] (i ascending) the first unit whose id is at or above it, if any: its id
     * and original `lang` text (fn returns nonzero when out of memory); */
    ty_status (*units_from)(ty_tm *tm, ty_lang lang, const long long *from, size_t n,
                            int (*fn)(void *user, size_t i, long long id, const char *text,
                                      size_t len),
                            void *user, ty_error *err);
    /* every occurrence's (document, unit), by document descending and unit; fn returns 0 to
     * go on, > 0 to stop, < 0 when out of memory; */
    ty_status (*doc_units)(ty_tm *tm, int (*fn)(void *user, long long doc, long long unit),
                           void *user, ty_error *err);
    /* the original `lang` texts of units ids[0, n) (fn(i, ...) for each one there is, in no
     * particular order; fn returns nonzero when out of memory) */
    ty_status (*texts_of)(ty_tm *tm, ty_lang lang, const long long *ids, size_t n,
                          int (*fn)(void *user, size_t i, const char *text, size_t len),
                          void *user, ty_error *err);
    /* The sentence structure and the review (structure.c and review.c read and judge; the
     * backend stores and fetches rows as the SQLite memory's tables hold them, tm.h): */
    /* the sentences and beads of an aligned pair, staged with import `imp` and stored with
     * its document when it commits (bead i keyed i << TY__TM_KEY_SHIFT, as
     * ty__tm_structure_store keys them); */
    ty_status (*import_structure)(void *imp, const ty_doc *ja, const ty_doc *en,
                                  const ty_alignment *al, ty_error *err);
    /* document doc's alignments row (*found 0: none), as ty__tm_beads_read counts it; */
    ty_status (*bead_counts)(ty_tm *tm, long long doc, ty__bead_counts *c, int *found,
                             ty_error *err);
    /* the key of the bead `skip` beads after the first one at or above key `from`
     * (TY_ERR_NOTFOUND naming bead `i` when there is none); */
    ty_status (*bead_key)(ty_tm *tm, long long doc, long long from, long long skip, size_t i,
                          long long *key, ty_error *err);
    /* up to `limit` beads of doc from key `from` on, by key, each with its key and the unit of
     * the occurrence at it (b->unit; 0: none); */
    ty_status (*bead_rows)(ty_tm *tm, long long doc, long long from, long long limit,
                           ty__bead_fn fn, void *user, ty_error *err);
    /* document doc's name (malloc'd), sentence counts and lost sentences (TY_ERR_NOTFOUND
     * naming it when there is no such document); */
    ty_status (*review_head)(ty_tm *tm, long long doc, char **name, size_t n[2], size_t *lost,
                             ty_error *err);
    /* its sentences, in no particular order; */
    ty_status (*sentences)(ty_tm *tm, long long doc, ty__sentence_fn fn, void *user,
                           ty_error *err);
    /* ty_tm_review_summaries; */
    ty_status (*review_summaries)(ty_tm *tm, double threshold, ty_tm_review_summary_fn fn,
                                  void *userdata, ty_error *err);
    /* its edits, oldest first (the shared code counts and judges them) */
    ty_status (*edits)(ty_tm *tm, long long doc, ty__edit_fn fn, void *user, ty_error *err);
    /* document doc's structure written as s holds it (a copy, copy.c), its occurrences at
     * positions from[0, n) moved to to[0, n) first (a TMX's units that say which sentences
     * they were made of, structure.c; then nothing is written when the document has structure
     * already), in one transaction */
    ty_status (*structure_put)(ty_tm *tm, long long doc, const ty__doc_structure *s,
                               const long long *from, const long long *to, size_t n,
                               ty_error *err);
    /* A review edit (review.c plans and judges it; the backend stores it) is one transaction
     * that holds the memory against other writers (the lock an import's merge takes), read
     * committed, so that its reads after the lock see every edit committed before it: begun,
     * then ended (committed when `commit`, else rolled back); */
    ty_status (*edit_begin)(ty_tm *tm, ty_error *err);
    ty_status (*edit_end)(ty_tm *tm, int commit, ty_error *err);
    /* the beads of doc at keys[0, n) given b[i]'s status and pin, their sentences, confidence
     * and occurrences as they are (TY_ERR_CONFLICT when one of them is not there); */
    ty_status (*beads_mark)(ty_tm *tm, long long doc, const long long *keys,
                            const ty_tm_bead *b, size_t n, ty_error *err);
    /* the last edit of doc that is neither undone nor an undo, handed to fn as ty__tm_edits
     * hands them (*found 0: none); */
    ty_status (*edit_last)(ty_tm *tm, long long doc, ty__edit_fn fn, void *user, int *found,
                           ty_error *err);
    /* edit e recorded (e->id and e->undone unused; at: now), edit `undoes` (> 0) marked undone,
     * the document's units raised by `added` and its version by one (*version receives it) */
    ty_status (*edit_record)(ty_tm *tm, long long doc, const ty__edit_row *e, long long undoes,
                             long long added, long long *version, ty_error *err);
    /* whether the edit's transaction failed for a serialization failure or a deadlock (the
     * edit is then made again from its start); */
    int (*edit_retry)(const ty_tm *tm);
    /* An edit that replaces a run of beads (review.c's replace: it plans the keys and reads
     * the new beads' texts), in the edit's transaction: the beads of doc at keys [lo, hi) (hi
     * < 0: to the end) and the occurrences at them deleted, *n occurrences, their units set
     * aside for units_drop; */
    ty_status (*run_take)(ty_tm *tm, long long doc, long long lo, long long hi, long long *n,
                          ty_error *err);
    /* the beads of doc at keys from[0, n) and their occurrences moved to keys to[0, n)
     * (TY_ERR_CONFLICT when a bead is not there); */
    ty_status (*beads_move)(ty_tm *tm, long long doc, const long long *from,
                            const long long *to, size_t n, ty_error *err);
    /* beads b[0, n) stored at keys[0, n), alignments.regular set to `regular` (`whole`) or
     * lowered to it (regular >= 0); */
    ty_status (*beads_put)(ty_tm *tm, long long doc, const long long *keys, const ty_tm_bead *b,
                           size_t n, long long regular, int whole, ty_error *err);
    /* side lang's sentences of doc [first, end), by idx, to fn (paragraph 0); */
    ty_status (*sentence_range)(ty_tm *tm, long long doc, int lang, long long first,
                                long long end, ty__sentence_fn fn, void *user, ty_error *err);
    /* the new beads' pairs added to a document as an import adds units (store.c's
     * ty__tm_import_attach, for review.c, calls these where an import calls import_begin,
     * _unit, _commit, _abort; begin's `name` is the document's id), into the edit's
     * transaction, without a document row of their own; */
    ty_status (*attach_begin)(ty_tm *tm, const char *name, const char *when, void **imp,
                              ty_error *err);
    ty_status (*attach_unit)(void *imp, const ty__stage_unit *u, ty_error *err);
    ty_status (*attach_commit)(void *imp, const char *hex, const char *ja_lang,
                               const char *en_lang, ty_tm_import_stats *stats, ty_error *err);
    void (*attach_abort)(void *imp);
    /* the units run_take set aside counted down (confidence and shape as their remaining
     * occurrences say), those left with none deleted with their index entries, ids retired */
    ty_status (*units_drop)(ty_tm *tm, ty_error *err);
} ty__tm_backend;

/* A check of ty_tm_verify: a query whose rows are problems (the first one is reported), and
 * what it checks. ty__tm_ties: those that tie the tables together, the same SQL in every
 * backend (verify.c). */
typedef struct ty__tm_check {
    const char *sql, *what;
} ty__tm_check;
#define TY__TM_TIES 4
extern const ty__tm_check ty__tm_ties[TY__TM_TIES];

/* Check side l of a unit as ty_tm_verify does (verify.c): the normalized copy stored
 * (`stored`, NULL when equal to the text), its hash and its length (code points, or English
 * words) against what they are recomputed from `text` (well-formed UTF-8). 0: sound; 1: the
 * reason is in why; -1: out of memory. */
int ty__tm_check_text(ty__matcher *m, ty__tokens *words, int l, const char *text, size_t bytes,
                      const char *stored, size_t stored_len, int64_t hash, long long len,
                      char *why, size_t size);

/* How many of q's rarest trigrams (sorted by df) a lookup reads: the postings budget. */
size_t ty__grams_budget(const ty__qgrams *q);
/* Collect the distinct trigrams of a normalized query (df 0), sorted by key. */
ty_status ty__qgrams_collect(const char *norm, size_t len, ty__qgrams *q, ty_error *err);

/* Document doc's whole structure into *out (zeroed first; *found 0 and nothing read when it has
 * none), from any backend; written into another memory's document (SQLite: inside the caller's
 * transaction; another backend: in one of its own); freed. */
ty_status ty__tm_structure_read(ty_tm *tm, long long doc, ty__doc_structure *out, int *found,
                                ty_error *err);
ty_status ty__tm_structure_write(ty_tm *tm, long long doc, const ty__doc_structure *s,
                                 ty_error *err);
void ty__doc_structure_free(ty__doc_structure *s);
/* Document doc's edits, oldest first, from any backend (structure.c). */
ty_status ty__tm_edits(ty_tm *tm, long long doc, ty__edit_fn fn, void *user, ty_error *err);
/* Whether `db` names a PostgreSQL database (postgresql://, postgres://, or a libpq key=value
 * string such as "host=/tmp/x dbname=tm") rather than a file. */
int ty__pg_is_conninfo(const char *db);
/* ty_tm_open for such a name (pg_conn.c). */
ty_status ty__pg_open(const char *conninfo, int flags, ty_tm **out, ty_error *err);

#endif
