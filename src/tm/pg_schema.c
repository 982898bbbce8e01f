/*
 * pg_schema.c — the schema of a memory in PostgreSQL: recognizing it (the taiyaku_schema
 * table with taiyaku's marker and the version), refusing a database that holds something
 * else or a schema newer than this build's, making it in an empty database and migrating an
 * older one, step by step in one transaction under an advisory lock (two processes opening a
 * new memory at once make it once). The tables are described in pg.h.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "pg.h"

/* A new memory: the tables of schema TY__PG_BASE. */
static const char *const create =
    "CREATE TABLE taiyaku_schema(application text NOT NULL, version integer NOT NULL);"
    "INSERT INTO taiyaku_schema VALUES('" TY__PG_APP "', 0);"
    "CREATE TABLE documents(id bigint PRIMARY KEY, name text NOT NULL, hash text NOT NULL "
    "UNIQUE, ja_lang text NOT NULL, en_lang text NOT NULL, imported_at text NOT NULL, "
    "units bigint NOT NULL);"
    "CREATE TABLE units(id bigint PRIMARY KEY, ja_hash bigint NOT NULL, en_hash bigint NOT "
    "NULL, ja_len integer NOT NULL, en_len integer NOT NULL, confidence double precision, "
    "shape text, count bigint NOT NULL, ja text NOT NULL, en text NOT NULL, ja_norm text, "
    "en_norm text);"
    "CREATE INDEX units_ja_hash ON units(ja_hash);"
    "CREATE INDEX units_en_hash ON units(en_hash);"
    "CREATE TABLE postings(lang smallint NOT NULL, gram integer NOT NULL, first bigint NOT "
    "NULL, ids integer[] NOT NULL, PRIMARY KEY(lang, gram, first));"
    "ALTER TABLE postings ALTER ids SET STORAGE EXTERNAL;"
    "CREATE TABLE occurrences(document bigint NOT NULL, position bigint NOT NULL, unit bigint "
    "NOT NULL, confidence double precision, shape text, tuid text, props text, ja_lang text, "
    "en_lang text, PRIMARY KEY(document, position));"
    "CREATE INDEX occurrences_unit ON occurrences(unit);"
    "CREATE TABLE grams(lang smallint NOT NULL, gram integer NOT NULL, df bigint NOT NULL, "
    "PRIMARY KEY(lang, gram));"
    "CREATE TABLE retired(what text PRIMARY KEY, last bigint NOT NULL);"
    "CREATE TABLE check_ignored(id text PRIMARY KEY, note text, who text, added_at text NOT "
    "NULL);";
/* Step k brings the schema from version k - 1 to k, for k > TY__PG_BASE. */
static const char *const steps[TY__PG_SCHEMA + 1] = {
    /* 5: postings as bytea entries (pg.h), each unit's length beside its id, so that a
     * lookup's length window reads no unit row (0 for a unit that is not there: no window
     * admits it) and the server sends the postings as they are stored */
    [5] = "ALTER TABLE postings ADD COLUMN entries bytea;"
          "UPDATE postings p SET entries = coalesce((SELECT string_agg(int4send(x.id) || "
          "int2send(least(coalesce(CASE WHEN p.lang = 0 THEN u.ja_len ELSE u.en_len END, 0), "
          TY__PG_LEN_MAX_S ")::smallint), ''::bytea ORDER BY x.o) FROM unnest(p.ids) WITH "
          "ORDINALITY AS x(id, o) LEFT JOIN units u ON u.id = x.id), ''::bytea);"
          "ALTER TABLE postings DROP COLUMN ids;"
          "ALTER TABLE postings ALTER entries SET NOT NULL;"
          "ALTER TABLE postings ALTER entries SET STORAGE EXTERNAL;",
    /* 6: each side's normalized texts and the units' counts in narrow tables of their own
     * (pg.h), which a fuzzy lookup reads its candidates' texts from */
    [6] = "CREATE TABLE norm_ja AS SELECT id, count, coalesce(ja_norm, ja) AS norm FROM units "
          "ORDER BY id;"
          "CREATE TABLE norm_en AS SELECT id, count, coalesce(en_norm, en) AS norm FROM units "
          "ORDER BY id;"
          "ALTER TABLE norm_ja ADD PRIMARY KEY (id), ALTER count SET NOT NULL, "
          "ALTER norm SET NOT NULL;"
          "ALTER TABLE norm_en ADD PRIMARY KEY (id), ALTER count SET NOT NULL, "
          "ALTER norm SET NOT NULL;",
    /* 7: the sentence structure and the review (tm.h: SQLite's steps 5 and 6, bead keys with
     * gaps), the tables as the SQLite memory has them; the documents already stored keep
     * none (their occurrences are at their positions) */
    [7] = "CREATE TABLE alignments(document bigint PRIMARY KEY, ja_sentences bigint NOT NULL, "
          "en_sentences bigint NOT NULL, lost bigint NOT NULL DEFAULT 0, version bigint NOT "
          "NULL DEFAULT 0, regular bigint NOT NULL DEFAULT 4611686018427387904);"
          "CREATE TABLE sentences(document bigint NOT NULL, lang smallint NOT NULL, idx bigint "
          "NOT NULL, text text, paragraph bigint NOT NULL DEFAULT 0, PRIMARY KEY(document, "
          "lang, idx));"
          "CREATE TABLE beads(document bigint NOT NULL, idx bigint NOT NULL, ja_first bigint NOT "
          "NULL, ja_count bigint NOT NULL, en_first bigint NOT NULL, en_count bigint NOT NULL, "
          "confidence double precision, status smallint NOT NULL DEFAULT 0, pinned smallint NOT "
          "NULL DEFAULT 0, PRIMARY KEY(document, idx));"
          "CREATE TABLE edits(id bigserial PRIMARY KEY, document bigint NOT NULL, at text NOT "
          "NULL, who text NOT NULL, op text NOT NULL, first bigint NOT NULL, before text NOT "
          "NULL, after text NOT NULL, undone smallint NOT NULL DEFAULT 0);"
          "CREATE INDEX edits_document ON edits(document, id);",
};

/* What the database holds: *version -1 and *tables the number of tables in the current
 * schema when it has no taiyaku_schema; else the version, or a refusal. */
static ty_status look(ty_tm *tm, int *version, long long *tables, ty_error *err)
{
    PGresult *r = ty__pg_run(tm, "reading the schema",
                             "SELECT to_regclass('taiyaku_schema') IS NOT NULL, "
                             "(SELECT count(*) FROM pg_tables WHERE schemaname = "
                             "current_schema())",
                             0, NULL, err);
    ty_status rc = TY_OK;

    if (!r)
        return TY_ERR_POSTGRES;
    *version = -1;
    *tables = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
    if (strcmp(PQgetvalue(r, 0, 0), "t") != 0) {
        PQclear(r);
        return TY_OK;
    }
    PQclear(r);
    if (!(r = ty__pg_run(tm, "reading the schema",
                         "SELECT application, version FROM taiyaku_schema", 0, NULL, err)))
        return TY_ERR_POSTGRES;
    if (PQntuples(r) != 1 || strcmp(PQgetvalue(r, 0, 0), TY__PG_APP) != 0)
        rc = ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                      "not a taiyaku translation memory (its taiyaku_schema table is another "
                      "application's)");
    else
        *version = atoi(PQgetvalue(r, 0, 1));
    PQclear(r);
    if (rc == TY_OK && *version > TY__PG_SCHEMA)
        rc = ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                      "translation memory schema version %d is newer than this taiyaku "
                      "supports (%d); upgrade taiyaku",
                      *version, TY__PG_SCHEMA);
    return rc;
}

static ty_status migrate(ty_tm *tm, int flags, ty_error *err)
{
    long long tables = 0;
    int version;
    char sql[96];
    ty_status rc;

    snprintf(sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(%d)", TY__PG_SCHEMA_LOCK);
    if ((rc = ty__pg_exec(tm, "upgrading the schema", sql, err)) != TY_OK)
        return rc;
    /* again, under the lock: another process may have done it meanwhile */
    if ((rc = look(tm, &version, &tables, err)) != TY_OK)
        goto fail;
    if (version < 0 && tables > 0) {
        rc = ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                      "not a taiyaku translation memory (the database holds %lld other "
                      "table%s)",
                      tables, tables == 1 ? "" : "s");
        goto fail;
    }
    if (version < 0 && !(flags & TY_TM_CREATE)) {
        rc = ty__fail(err, TY_ERR_NOTFOUND, tm->path, -1, -1,
                      "no translation memory in this database (an import makes one)");
        goto fail;
    }
    if (version < 0) {
        snprintf(sql, sizeof sql, "UPDATE taiyaku_schema SET version = %d", TY__PG_BASE);
        if ((rc = ty__pg_exec(tm, "making the schema", create, err)) != TY_OK ||
            (rc = ty__pg_exec(tm, "making the schema", sql, err)) != TY_OK)
            goto fail;
        version = TY__PG_BASE;
    }
    for (int v = version + 1; v <= TY__PG_SCHEMA; v++) {
        snprintf(sql, sizeof sql, "UPDATE taiyaku_schema SET version = %d", v);
        if ((rc = ty__pg_exec(tm, "upgrading the schema", steps[v], err)) != TY_OK ||
            (rc = ty__pg_exec(tm, "upgrading the schema", sql, err)) != TY_OK)
            goto fail;
    }
    return ty__pg_exec(tm, "making the schema", "COMMIT", err);
fail:
    PQclear(PQexec(ty__pg_conn(tm), "ROLLBACK"));
    return rc;
}

ty_status ty__pg_schema_open(ty_tm *tm, int flags, ty_error *err)
{
    long long tables = 0;
    int version;
    ty_status rc;

    if ((rc = look(tm, &version, &tables, err)) != TY_OK)
        return rc;
    if (version == TY__PG_SCHEMA)
        return TY_OK;
    if (version < 0 && tables > 0)
        return ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                        "not a taiyaku translation memory (the database holds %lld other "
                        "table%s)",
                        tables, tables == 1 ? "" : "s");
    if (version < 0 && (!(flags & TY_TM_CREATE) || (flags & TY_TM_READONLY)))
        return ty__fail(err, TY_ERR_NOTFOUND, tm->path, -1, -1,
                        "no translation memory in this database (an import makes one)");
    if (flags & TY_TM_READONLY)
        return ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                        "translation memory schema version %d needs an upgrade to %d, which "
                        "needs write access",
                        version, TY__PG_SCHEMA);
    return migrate(tm, flags, err);
}
