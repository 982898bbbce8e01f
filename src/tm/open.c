/*
 * open.c — opening and closing a translation memory: recognizing a taiyaku database (and
 * refusing other files with a clear message), connection settings (WAL, busy timeout,
 * cache), schema upgrades through schema.c, and the summary calls (info, documents,
 * integrity verification). SQLite errors and statements are db.c's; storing is in store.c,
 * lookup in lookup.c, concordance in concord.c, export in export.c.
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

/* How long a writer waits for another writer (and a reader for a checkpoint) to finish. */
#define BUSY_TIMEOUT_MS 30000

/* What the file is before SQLite touches it: 0 missing, 1 empty, 2 SQLite, -1 error. */
static int sniff(const char *path, ty_error *err)
{
    static const char magic[16] = "SQLite format 3";
    char head[16];
    struct stat sb;
    FILE *f;
    size_t got;

    if (stat(path, &sb) != 0) {
        if (errno == ENOENT)
            return 0;
        ty__fail(err, TY_ERR_IO, path, -1, -1, "cannot open: %s", strerror(errno));
        return -1;
    }
    if (S_ISDIR(sb.st_mode)) {
        ty__fail(err, TY_ERR_IO, path, -1, -1, "is a directory, not a translation memory");
        return -1;
    }
    if (sb.st_size == 0)
        return 1;
    if (!(f = fopen(path, "rb"))) {
        ty__fail(err, TY_ERR_IO, path, -1, -1, "cannot open: %s", strerror(errno));
        return -1;
    }
    got = fread(head, 1, sizeof head, f);
    fclose(f);
    if (got < sizeof head || memcmp(head, magic, sizeof magic) != 0) {
        ty__fail(err, TY_ERR_FORMAT, path, -1, -1,
                 "not a taiyaku translation memory (not an SQLite database)");
        return -1;
    }
    return 2;
}

/* Decide from the header values whether this is ours; 1: a blank database to initialize. */
static ty_status recognize(ty_tm *tm, int flags, int *blank, ty_error *err)
{
    long long app = 0, version = 0, objects = 0;
    ty_status rc;

    *blank = 0;
    if ((rc = ty__tm_query_int(tm, "PRAGMA application_id", &app, err)) != TY_OK ||
        (rc = ty__tm_query_int(tm, "PRAGMA user_version", &version, err)) != TY_OK ||
        (rc = ty__tm_query_int(tm, "SELECT count(*) FROM sqlite_schema", &objects, err)) != TY_OK)
        return rc;
    if (app == 0 && version == 0 && objects == 0) {
        if (!(flags & TY_TM_CREATE) || tm->readonly)
            return ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                            "an empty database, not a taiyaku translation memory");
        *blank = 1;
        return TY_OK;
    }
    if (app != TY__TM_APP_ID)
        return ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                        "not a taiyaku translation memory (an SQLite database of another "
                        "application)");
    if (version > TY__TM_SCHEMA)
        return ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                        "translation memory schema version %lld is newer than this taiyaku "
                        "supports (%d); upgrade taiyaku",
                        version, TY__TM_SCHEMA);
    return TY_OK;
}

static ty_status configure(ty_tm *tm, ty_error *err)
{
    ty_status rc;

    sqlite3_busy_timeout(tm->db, BUSY_TIMEOUT_MS);
    if (!tm->readonly) {
        if ((rc = ty__tm_exec(tm, "PRAGMA journal_mode=WAL", err)) != TY_OK)
            return rc;
        if ((rc = ty__tm_exec(tm, "PRAGMA synchronous=NORMAL", err)) != TY_OK)
            return rc;
    }
    /* reads through a memory map: no system call per page */
    return ty__tm_exec(tm, "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; "
                           "PRAGMA mmap_size=1073741824",
                       err);
}

ty_status ty__tm_open_at(const char *path, int flags, int target, ty_tm **out, ty_error *err)
{
    ty_tm *tm = NULL;
    ty_status rc;
    int kind, oflags, blank = 0;
    long long version = 0;

    *out = NULL;
    if (!path || !*path)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no translation memory file given");
    if ((kind = sniff(path, err)) < 0)
        return err ? err->status : TY_ERR_IO;
    if (kind == 0 && (!(flags & TY_TM_CREATE) || (flags & TY_TM_READONLY)))
        return ty__fail(err, TY_ERR_NOTFOUND, path, -1, -1, "no such translation memory");
    if (!(tm = calloc(1, sizeof *tm)) || !(tm->path = strdup(path))) {
        free(tm);
        return ty__nomem(err);
    }
    tm->readonly = (flags & TY_TM_READONLY) || (kind != 0 && access(path, W_OK) != 0);
    tm->bulk_min = TY__TM_BULK_MIN;
    oflags = tm->readonly ? SQLITE_OPEN_READONLY
                          : SQLITE_OPEN_READWRITE | ((flags & TY_TM_CREATE) ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &tm->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        rc = ty__tm_fail(tm, err, "cannot open");
        goto fail;
    }
    sqlite3_extended_result_codes(tm->db, 1);
    sqlite3_busy_timeout(tm->db, BUSY_TIMEOUT_MS);
    if ((rc = recognize(tm, flags, &blank, err)) != TY_OK)
        goto fail;
    if ((rc = configure(tm, err)) != TY_OK)
        goto fail;
    if ((rc = ty__tm_query_int(tm, "PRAGMA user_version", &version, err)) != TY_OK)
        goto fail;
    if (version < target) {
        if (tm->readonly) {
            rc = ty__fail(err, TY_ERR_FORMAT, path, -1, -1,
                          "translation memory schema version %lld needs an upgrade to %d, "
                          "which needs write access",
                          version, target);
            goto fail;
        }
        if ((rc = ty__tm_migrate(tm, target, err)) != TY_OK)
            goto fail;
    }
    *out = tm;
    return TY_OK;
fail:
    ty_tm_close(tm);
    if (blank && kind == 0)
        unlink(path); /* do not leave a half-made file behind */
    return rc;
}

ty_status ty__tm_reconnect(ty_tm *tm, ty_error *err)
{
    int oflags = tm->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;

    for (size_t i = 0; i < sizeof tm->cache / sizeof tm->cache[0]; i++) {
        sqlite3_finalize(tm->cache[i]);
        tm->cache[i] = NULL;
    }
    sqlite3_close_v2(tm->db);
    tm->db = NULL;
    if (sqlite3_open_v2(tm->path, &tm->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
        return ty__tm_fail(tm, err, "cannot open again");
    sqlite3_extended_result_codes(tm->db, 1);
    return configure(tm, err);
}

ty_status ty_tm_open(const char *path, int flags, ty_tm **out, ty_error *err)
{
    return ty__tm_open_at(path, flags, TY__TM_SCHEMA, out, err);
}

void ty_tm_configure_process(void)
{
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

void ty_tm_close(ty_tm *tm)
{
    if (!tm)
        return;
    ty__matcher_free(tm->matcher);
    free(tm->counts);
    for (size_t i = 0; i < sizeof tm->cache / sizeof tm->cache[0]; i++)
        sqlite3_finalize(tm->cache[i]);
    sqlite3_close_v2(tm->db);
    free(tm->path);
    free(tm);
}

ty_status ty_tm_get_info(ty_tm *tm, ty_tm_info *info, ty_error *err)
{
    static const char *const sql[] = {
        "PRAGMA user_version", "SELECT count(*) FROM documents", "SELECT count(*) FROM units",
        "SELECT count(*) FROM occurrences",
        "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size"};
    long long v[5];
    ty_status rc;
    int began;

    memset(info, 0, sizeof *info);
    if ((rc = ty__tm_read_begin(tm, &began, err)) != TY_OK)
        return rc;
    for (size_t i = 0; i < 5 && rc == TY_OK; i++)
        rc = ty__tm_query_int(tm, sql[i], &v[i], err);
    ty__tm_read_end(tm, began);
    if (rc != TY_OK)
        return rc;
    info->schema = (int)v[0];
    info->documents = v[1];
    info->units = v[2];
    info->occurrences = v[3];
    info->bytes = v[4];
    return TY_OK;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? (const char *)s : "";
}

ty_status ty_tm_documents(ty_tm *tm, ty_tm_document_fn fn, void *userdata, ty_error *err)
{
    sqlite3_stmt *st;
    ty_status rc;
    int step;

    if ((rc = ty__tm_prepare(tm,
                             "SELECT id, name, hash, ja_lang, en_lang, imported_at, units "
                             "FROM documents ORDER BY id",
                             &st, err)) != TY_OK)
        return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        ty_tm_document d;
        d.id = sqlite3_column_int64(st, 0);
        d.name = col_text(st, 1);
        d.hash = col_text(st, 2);
        d.ja_lang = col_text(st, 3);
        d.en_lang = col_text(st, 4);
        d.imported_at = col_text(st, 5);
        d.units = sqlite3_column_int64(st, 6);
        if ((rc = fn(&d, userdata)) != TY_OK)
            break;
    }
    if (rc == TY_OK && step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading documents");
    sqlite3_finalize(st);
    return rc;
}

/* Run a query whose rows are problems; the first one becomes the error. */
static ty_status expect_none(ty_tm *tm, const char *sql, const char *what, ty_error *err)
{
    sqlite3_stmt *st;
    ty_status rc;
    int step;

    if ((rc = ty__tm_prepare(tm, sql, &st, err)) != TY_OK)
        return rc;
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        rc = ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1, "%s: %s", what, col_text(st, 0));
    else if (step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, what);
    sqlite3_finalize(st);
    return rc;
}

ty_status ty_tm_verify(ty_tm *tm, ty_error *err)
{
    static const struct {
        const char *sql, *what;
    } checks[] = {
        {"SELECT integrity_check FROM pragma_integrity_check WHERE integrity_check <> 'ok'",
         "integrity check"},
        {"SELECT 'unit ' || u.id || ' has count ' || u.count || ' but ' || count(o.unit) || "
         "' occurrences' FROM units u LEFT JOIN occurrences o ON o.unit = u.id "
         "GROUP BY u.id HAVING u.count <> count(o.unit) LIMIT 1",
         "counts"},
        {"SELECT 'occurrence of missing unit ' || o.unit FROM occurrences o "
         "WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.id = o.unit) LIMIT 1",
         "provenance"},
        {"SELECT 'occurrence in missing document ' || o.document FROM occurrences o "
         "WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = o.document) LIMIT 1",
         "provenance"},
        {"SELECT 'document ' || d.id || ' lists ' || d.units || ' units but has ' || "
         "(SELECT count(*) FROM occurrences o WHERE o.document = d.id) FROM documents d "
         "WHERE d.units <> (SELECT count(*) FROM occurrences o WHERE o.document = d.id) LIMIT 1",
         "documents"},
        {"SELECT 'unit ' || u.id || ' has no text' FROM units u "
         "WHERE NOT EXISTS (SELECT 1 FROM unit_text t WHERE t.id = u.id) LIMIT 1",
         "texts"},
    };
    ty_status rc;

    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++)
        if ((rc = expect_none(tm, checks[i].sql, checks[i].what, err)) != TY_OK)
            return rc;
    if (tm->readonly)
        return TY_OK; /* the FTS integrity-check command is a write statement */
    if ((rc = ty__tm_exec(tm, "INSERT INTO fts_ja(fts_ja) VALUES('integrity-check')", err)) != TY_OK)
        return rc;
    return ty__tm_exec(tm, "INSERT INTO fts_en(fts_en) VALUES('integrity-check')", err);
}
