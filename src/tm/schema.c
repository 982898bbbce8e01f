/*
 * schema.c — the memory's schema as a list of steps, each one raising PRAGMA user_version
 * by one in its own transaction. A new database runs them all; an older one runs those it
 * lacks. Step 1 holds the stored data (documents, units, texts, provenance), step 2 the search
 * indexes built from it (FTS5 trigram tables, dropped again by step 8; trigram frequencies), so
 * a memory of schema 1 upgrades by indexing what it holds. A change to the format is a new step here (and a
 * TY__TM_SCHEMA bump in tm.h), never an edit of an old one. What the tables mean: tm.h.
 */
#include "config.h"

#include <stdio.h>

#include "base/error.h"
#include "tm.h"

static const char step1[] =
    "CREATE TABLE documents("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " hash TEXT NOT NULL UNIQUE,"
    " ja_lang TEXT NOT NULL,"
    " en_lang TEXT NOT NULL,"
    " imported_at TEXT NOT NULL,"
    " units INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX documents_name ON documents(name);"
    "CREATE TABLE units("
    " id INTEGER PRIMARY KEY,"
    " ja_hash INTEGER NOT NULL,"
    " en_hash INTEGER NOT NULL,"
    " ja_len INTEGER NOT NULL,"
    " en_len INTEGER NOT NULL,"
    " confidence REAL,"
    " shape TEXT,"
    " count INTEGER NOT NULL DEFAULT 1);"
    TY__TM_INDEX_UNITS_JA ";"
    TY__TM_INDEX_UNITS_EN ";"
    "CREATE TABLE unit_text("
    " id INTEGER PRIMARY KEY,"
    " ja TEXT NOT NULL,"
    " en TEXT NOT NULL,"
    " ja_norm TEXT,"
    " en_norm TEXT);"
    "CREATE TABLE occurrences("
    " document INTEGER NOT NULL,"
    " position INTEGER NOT NULL,"
    " unit INTEGER NOT NULL,"
    " confidence REAL,"
    " shape TEXT,"
    " tuid TEXT,"
    " props TEXT,"
    " ja_lang TEXT,"
    " en_lang TEXT,"
    " PRIMARY KEY(document, position)) WITHOUT ROWID;"
    TY__TM_INDEX_OCC_UNIT ";"
    "CREATE VIEW unit_view AS SELECT u.id AS id, t.ja AS ja, t.en AS en,"
    " coalesce(t.ja_norm, t.ja) AS ja_norm, coalesce(t.en_norm, t.en) AS en_norm,"
    " u.ja_hash AS ja_hash, u.en_hash AS en_hash, u.ja_len AS ja_len, u.en_len AS en_len,"
    " u.confidence AS confidence, u.shape AS shape, u.count AS count"
    " FROM units u JOIN unit_text t ON t.id = u.id;";

/* The FTS5 tables keep their default settings (others made imports slower and lookups no
 * faster: doc/performance.md). */
static const char step2[] =
    "CREATE VIRTUAL TABLE fts_ja USING fts5(" TY__TM_FTS_ARGS ");"
    "CREATE VIRTUAL TABLE fts_en USING fts5(" TY__TM_FTS_ARGS ");"
    "CREATE TABLE grams("
    " lang INTEGER NOT NULL,"
    " gram TEXT NOT NULL,"
    " df INTEGER NOT NULL,"
    " PRIMARY KEY(lang, gram)) WITHOUT ROWID;";

/* Step 3: the largest document and unit ids ever removed (remove.c), so that new ones are
 * never given an id that once named something else. */
static const char step3[] = "CREATE TABLE retired("
                            " what TEXT PRIMARY KEY,"
                            " last INTEGER NOT NULL) WITHOUT ROWID;";

/* Step 4: the consistency checks' accepted findings (consistency/ignore.c: taiyaku check
 * --ignore-add, and the review interface's "ignore"): a finding's id (a hash of what it is
 * about, see ty_check_finding) and why, by whom and when it was accepted. */
static const char step4[] = "CREATE TABLE check_ignored("
                            " id TEXT PRIMARY KEY,"
                            " note TEXT,"
                            " who TEXT,"
                            " added_at TEXT NOT NULL) WITHOUT ROWID;";

/* ==== Step 5 (review, issue 14): every aligned document's sentences and beads, unpaired
 * sentences included, and the review edits made to them; the documents stored before it get
 * what their units' props allow to reconstruct (structure.c). ==== */
static const char step5[] =
    "CREATE TABLE alignments("
    " document INTEGER PRIMARY KEY,"
    " ja_sentences INTEGER NOT NULL,"
    " en_sentences INTEGER NOT NULL,"
    " lost INTEGER NOT NULL DEFAULT 0,"
    " version INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE sentences("
    " document INTEGER NOT NULL,"
    " lang INTEGER NOT NULL,"
    " idx INTEGER NOT NULL,"
    " text TEXT,"
    " paragraph INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY(document, lang, idx)) WITHOUT ROWID;"
    "CREATE TABLE beads("
    " document INTEGER NOT NULL,"
    " idx INTEGER NOT NULL,"
    " ja_first INTEGER NOT NULL,"
    " ja_count INTEGER NOT NULL,"
    " en_first INTEGER NOT NULL,"
    " en_count INTEGER NOT NULL,"
    " confidence REAL,"
    " status INTEGER NOT NULL DEFAULT 0,"
    " pinned INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY(document, idx)) WITHOUT ROWID;"
    "CREATE TABLE edits("
    " id INTEGER PRIMARY KEY,"
    " document INTEGER NOT NULL,"
    " at TEXT NOT NULL,"
    " who TEXT NOT NULL,"
    " op TEXT NOT NULL,"
    " first INTEGER NOT NULL,"
    " before TEXT NOT NULL,"
    " after TEXT NOT NULL,"
    " undone INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX edits_document ON edits(document, id);";

/* ==== Step 6 (review edits that write only the rows they touch, issue 14): bead keys with
 * gaps (tm.h), the occurrences of documents with structure at their beads' keys, and each
 * document's regular prefix. The keys go through negative numbers so that no two rows share
 * one on the way. ==== */
static const char step6[] =
    "ALTER TABLE alignments ADD COLUMN regular INTEGER NOT NULL DEFAULT 4611686018427387904;"
    "UPDATE beads SET idx = -1 - (idx << 20);"
    "UPDATE beads SET idx = -1 - idx WHERE idx < 0;"
    "UPDATE occurrences SET position = -1 - (position << 20) "
    "WHERE document IN (SELECT document FROM alignments);"
    "UPDATE occurrences SET position = -1 - position "
    "WHERE document IN (SELECT document FROM alignments) AND position < 0;";

/* ==== Step 7 (the fuzzy lookup's own cost, issue 17): posting lists of our own (plist.c),
 * one row per language and trigram with the units holding it and their lengths, and the small
 * table of changes not yet merged into them; built from the units. ==== */
static const char step7[] =
    "CREATE TABLE postings("
    " lang INTEGER NOT NULL,"
    " gram INTEGER NOT NULL,"
    " n INTEGER NOT NULL,"
    " ids BLOB NOT NULL,"
    " PRIMARY KEY(lang, gram)) WITHOUT ROWID;"
    "CREATE TABLE postings_delta("
    " lang INTEGER NOT NULL,"
    " gram INTEGER NOT NULL,"
    " unit INTEGER NOT NULL,"
    " len INTEGER NOT NULL,"
    " op INTEGER NOT NULL,"
    " PRIMARY KEY(lang, gram, unit)) WITHOUT ROWID;"
    "CREATE TABLE postings_state(delta INTEGER NOT NULL);"
    "INSERT INTO postings_state(delta) VALUES(0);";

/* ==== Step 8 (one index, issue 17): concordance and the consistency checks read the posting
 * lists (plist_find.c), so the FTS5 tables go. ==== */
static const char step8[] = "DROP TABLE fts_ja; DROP TABLE fts_en;";

/* ==== Step 9 (a batch's indexing deferred, issue 13): the first unit not yet in the posting
 * lists and trigram counts (tm.h), 0 when every unit is. ==== */
static const char step9[] =
    "ALTER TABLE postings_state ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;";

static ty_status run_step(ty_tm *tm, int step, ty_error *err)
{
    ty_status rc;
    char sql[96];

    switch (step) {
    case 1:
        if ((rc = ty__tm_exec(tm, step1, err)) != TY_OK)
            return rc;
        snprintf(sql, sizeof sql, "PRAGMA application_id = %d", TY__TM_APP_ID);
        if ((rc = ty__tm_exec(tm, sql, err)) != TY_OK)
            return rc;
        break;
    case 2:
        if ((rc = ty__tm_exec(tm, step2, err)) != TY_OK)
            return rc;
        tm->fts = 1;
        if ((rc = ty__tm_build_search(tm, err)) != TY_OK)
            return rc;
        break;
    case 3:
        if ((rc = ty__tm_exec(tm, step3, err)) != TY_OK)
            return rc;
        break;
    case 4:
        if ((rc = ty__tm_exec(tm, step4, err)) != TY_OK)
            return rc;
        break;
    case 5:
        if ((rc = ty__tm_exec(tm, step5, err)) != TY_OK ||
            (rc = ty__tm_structure_migrate(tm, err)) != TY_OK)
            return rc;
        break;
    case 6:
        if ((rc = ty__tm_exec(tm, step6, err)) != TY_OK)
            return rc;
        break;
    case 7:
        if ((rc = ty__tm_exec(tm, step7, err)) != TY_OK)
            return rc;
        tm->plist = 1;
        if ((rc = ty__plist_rebuild(tm, 0, err)) != TY_OK)
            return rc;
        break;
    case 8:
        ty__tm_kept_drop(tm); /* the imports' statements on fts_* go with the tables */
        if ((rc = ty__tm_exec(tm, step8, err)) != TY_OK)
            return rc;
        tm->fts = -1;
        break;
    case 9:
        if ((rc = ty__tm_exec(tm, step9, err)) != TY_OK)
            return rc;
        tm->pending_col = 1;
        break;
    default:
        return ty__fail(err, TY_ERR_INTERNAL, tm->path, -1, -1, "no schema step %d", step);
    }
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", step);
    return ty__tm_exec(tm, sql, err);
}

ty_status ty__tm_migrate(ty_tm *tm, int target, ty_error *err)
{
    ty_status rc = TY_OK;

    if (target > TY__TM_SCHEMA)
        target = TY__TM_SCHEMA;
    for (;;) {
        long long version = 0;
        if ((rc = ty__tm_exec(tm, "BEGIN IMMEDIATE", err)) != TY_OK)
            return rc;
        /* read again inside the write lock: another process may have upgraded meanwhile */
        if ((rc = ty__tm_query_int(tm, "PRAGMA user_version", &version, err)) != TY_OK)
            break;
        if (version >= target) {
            rc = ty__tm_exec(tm, "COMMIT", err);
            return rc;
        }
        if ((rc = run_step(tm, (int)version + 1, err)) != TY_OK)
            break;
        if ((rc = ty__tm_exec(tm, "COMMIT", err)) != TY_OK)
            break;
    }
    sqlite3_exec(tm->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}
