/*
 * open.c — opening and closing a translation memory: recognizing a taiyaku database (and
 * refusing other files with a clear message), connection settings (WAL, busy timeout,
 * cache), memories on storage it cannot write (opened immutable), a new memory made in a
 * hidden file and given its name once complete (the files: create.c), schema upgrades through
 * schema.c, and the summary calls (info, documents). SQLite errors and statements are db.c's;
 * storing is in store.c, lookup in lookup.c, concordance in concord.c, export in export.c,
 * verification in verify.c.
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


/* What the file is before SQLite touches it: 0 missing, 1 empty, 2 not empty (check_magic
 * tells whether it is SQLite's, once open), -1 error. It does not open the file: a process
 * that closes a file descriptor of a database loses every POSIX lock it holds on it, the
 * locks of its other SQLite connections to that database included, and another process would
 * then take this one's write-ahead log for its own and delete it. */
static int sniff(const char *path, ty_error *err)
{
    struct stat sb;

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
    return sb.st_size == 0 ? 1 : 2;
}

/* Whether the open connection's file starts as an SQLite database does, read through
 * SQLite's own file handle (see sniff). */
static ty_status check_magic(ty_tm *tm, ty_error *err)
{
    static const char magic[16] = "SQLite format 3";
    char head[16];
    sqlite3_file *f = NULL;

    if (sqlite3_file_control(tm->db, "main", SQLITE_FCNTL_FILE_POINTER, &f) != SQLITE_OK ||
        !f || !f->pMethods || f->pMethods->xRead(f, head, sizeof head, 0) != SQLITE_OK ||
        memcmp(head, magic, sizeof magic) != 0)
        return ty__fail(err, TY_ERR_FORMAT, tm->path, -1, -1,
                        "not a taiyaku translation memory (not an SQLite database)");
    return TY_OK;
}

/* Decide from the header values, read in one transaction, whether this is ours; 1: a blank
 * database to initialize. */
static ty_status recognize(ty_tm *tm, int flags, int *blank, ty_error *err)
{
    long long app = 0, version = 0, objects = 0;
    ty_status rc;
    int began;

    *blank = 0;
    if ((rc = ty__tm_read_begin(tm, &began, err)) != TY_OK)
        return rc;
    if ((rc = ty__tm_query_int(tm, "PRAGMA application_id", &app, err)) == TY_OK &&
        (rc = ty__tm_query_int(tm, "PRAGMA user_version", &version, err)) == TY_OK)
        rc = ty__tm_query_int(tm, "SELECT count(*) FROM sqlite_schema", &objects, err);
    ty__tm_read_end(tm, began);
    if (rc != TY_OK)
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

    sqlite3_busy_timeout(tm->db, TY__TM_BUSY_TIMEOUT_MS);
    if (tm->hidden) {
        /* nobody else sees a memory being made: its journal need not survive a crash (the
         * file is thrown away then), only give ROLLBACK what it needs */
        if ((rc = ty__tm_exec(tm, "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF", err)) !=
            TY_OK)
            return rc;
    } else if (!tm->readonly) {
        if ((rc = ty__tm_exec(tm, "PRAGMA journal_mode=WAL", err)) != TY_OK)
            return rc;
        if ((rc = ty__tm_exec(tm, "PRAGMA synchronous=NORMAL", err)) != TY_OK)
            return rc;
    }
    /* a brief handle reads the few pages a query needs with a system call each, into a cache
     * of 64 pages (the b-trees' upper levels stay; pages read once are recycled instead of
     * each taking fresh memory); a long-lived one through a memory map (no system call per
     * page) and a large cache, unless it is one of a pool beside a writer: its own map's
     * pages are then faulted in again and again while the writer commits (doc/performance.md,
     * "taiyaku serve under load"), so a pool's reader reads through the map the process
     * shares (mmap_size only lets SQLite ask the VFS for pages in place) and a pool's writer
     * into its cache */
    if (tm->brief)
        return ty__tm_exec(tm, "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-256", err);
    if (tm->shared_map)
        return ty__tm_exec(tm, "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; "
                               "PRAGMA mmap_size=1073741824",
                           err);
    if (tm->pooled)
        return ty__tm_exec(tm, "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY", err);
    return ty__tm_exec(tm, "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; "
                           "PRAGMA mmap_size=1073741824",
                       err);
}

/* Whether the directory of `path` may be written (a journal, a -shm file created there). */
static int dir_writable(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];

    if (!slash)
        return access(".", W_OK) == 0;
    if (slash == path)
        return access("/", W_OK) == 0;
    if ((size_t)(slash - path) >= sizeof dir)
        return 0;
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    return access(dir, W_OK) == 0;
}

static int exists(const char *path, const char *suffix)
{
    char p[4200];
    struct stat sb;

    return snprintf(p, sizeof p, "%s%s", path, suffix) < (int)sizeof p && stat(p, &sb) == 0 &&
           sb.st_size > 0;
}

/* "file:PATH?immutable=1", PATH escaped as a URI path; malloc'd. */
static char *immutable_uri(const char *path)
{
    static const char tail[] = "?immutable=1";
    char *u = malloc(5 + 3 * strlen(path) + sizeof tail), *o = u;

    if (!u)
        return NULL;
    o += sprintf(o, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++)
        o += (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p >= 0x7f)
                 ? sprintf(o, "%%%02X", *p)
                 : sprintf(o, "%c", *p);
    memcpy(o, tail, sizeof tail);
    return u;
}

/* Open the handle's connection on its file. A memory on storage this process cannot write
 * (a read-only mount, a directory it may not write) is in WAL mode, whose readers need a -shm
 * file beside it: when none is there and none can be made, the file is opened as immutable
 * (no locks, no -shm), which is right as long as nobody writes it, and nobody can write it
 * from here. */
static ty_status connect(ty_tm *tm, int create, ty_error *err)
{
    const char *file = ty__tm_file(tm);
    int oflags = SQLITE_OPEN_NOMUTEX;
    char *uri = NULL;
    ty_status rc = TY_OK;

    if (!tm->readonly)
        oflags |= SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    else
        oflags |= SQLITE_OPEN_READONLY;
    if (tm->readonly && !tm->hidden && !dir_writable(file) && !exists(file, "-shm")) {
        if (exists(file, "-wal"))
            return ty__fail(err, TY_ERR_IO, tm->path, -1, -1,
                            "cannot read the memory's write-ahead log here (its directory is not "
                            "writable and it has no -shm file): open it once where it can be "
                            "written");
        if (!(uri = immutable_uri(file)))
            return ty__nomem(err);
        oflags |= SQLITE_OPEN_URI;
    }
    /* a pool's reader reads through the map its process shares (shared_map.c) */
    tm->shared_map = tm->pooled && tm->readonly && !tm->hidden && ty__tm_shared_map_vfs();
    if (sqlite3_open_v2(uri ? uri : file, &tm->db, oflags,
                        tm->shared_map ? TY__TM_SHARED_MAP_VFS : NULL) != SQLITE_OK)
        rc = ty__tm_fail(tm, err, "cannot open");
    else
        sqlite3_extended_result_codes(tm->db, 1);
    free(uri);
    return rc;
}

static void disconnect(ty_tm *tm)
{
    for (size_t i = 0; i < sizeof tm->cache / sizeof tm->cache[0]; i++) {
        sqlite3_finalize(tm->cache[i]);
        tm->cache[i] = NULL;
    }
    ty__tm_kept_drop(tm);
    sqlite3_close_v2(tm->db);
    tm->db = NULL;
}

ty_status ty__tm_open_at(const char *path, int flags, int target, ty_tm **out, ty_error *err)
{
    ty_tm *tm = NULL;
    ty_status rc;
    int kind, blank = 0;
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
    tm->lock_fd = -1;
    tm->bulk_min = TY__TM_BULK_MIN;
    tm->plist_direct = TY__TM_PLIST_DIRECT;
    tm->plist_grouped = TY__TM_PLIST_GROUPED;
    tm->build_bytes = TY__TM_BUILD_BYTES;
    tm->delta_max = TY__TM_PLIST_DELTA_MAX;
    tm->brief = (flags & TY_TM_BRIEF) != 0;
    tm->pooled = (flags & TY_TM_POOLED) != 0;
    if (flags & TY_TM_READONLY)
        tm->readonly = 1, tm->readonly_why = "the translation memory is open read-only";
    else if (kind != 0 && access(path, W_OK) != 0)
        tm->readonly = 1,
        tm->readonly_why = errno == EROFS ? "the translation memory is on a read-only file system"
                                          : "the translation memory file is not writable";
    else if (kind != 0 && !dir_writable(path))
        tm->readonly = 1,
        tm->readonly_why = "the translation memory's directory is not writable";
    /* a new memory is made in a hidden file and takes its name when complete (create.c) */
    if (kind == 0 && (rc = ty__tm_hidden_new(path, &tm->hidden, &tm->lock_fd, err)) != TY_OK)
        goto fail;
    if ((rc = connect(tm, (flags & TY_TM_CREATE) != 0, err)) != TY_OK ||
        (kind == 2 && (rc = check_magic(tm, err)) != TY_OK))
        goto fail;
    sqlite3_busy_timeout(tm->db, TY__TM_BUSY_TIMEOUT_MS);
    if ((rc = recognize(tm, flags, &blank, err)) != TY_OK)
        goto fail;
    if ((rc = configure(tm, err)) != TY_OK)
        goto fail;
    if ((rc = ty__tm_query_int(tm, "PRAGMA user_version", &version, err)) != TY_OK)
        goto fail;
    /* a read-only handle reads a memory of TY__TM_SCHEMA_READABLE or later as it is */
    if (version < target && tm->readonly && version < TY__TM_SCHEMA_READABLE) {
        rc = ty__fail(err, TY_ERR_FORMAT, path, -1, -1,
                      "translation memory schema version %lld needs an upgrade to %d, "
                      "which needs write access: open it once with it (taiyaku stats --db)",
                      version, target);
        goto fail;
    }
    if (version < target && !tm->readonly && (rc = ty__tm_migrate(tm, target, err)) != TY_OK)
        goto fail;
    *out = tm;
    return TY_OK;
fail:
    tm->failed = 1; /* a memory being made is not kept */
    ty_tm_close(tm);
    return rc;
}

/* A memory being made takes its name: WAL from now on, the connection closed, the file linked
 * to its path, the connection opened there. When another process made a memory of that name
 * meanwhile, this one is thrown away and the handle opens that one. */
static ty_status publish(ty_tm *tm, ty_error *err)
{
    ty_status rc, opened;
    ty_error ignored;

    if ((rc = ty__tm_exec(tm, "PRAGMA journal_mode=WAL", err)) != TY_OK)
        return rc;
    disconnect(tm);
    rc = ty__tm_hidden_publish(tm->hidden, tm->lock_fd, tm->path, err);
    ty__tm_hidden_discard(tm->hidden, tm->lock_fd);
    tm->hidden = NULL;
    tm->lock_fd = -1;
    ty_error_clear(&ignored);
    if ((opened = connect(tm, 0, rc == TY_OK ? err : &ignored)) == TY_OK)
        opened = configure(tm, rc == TY_OK ? err : &ignored);
    return rc != TY_OK ? rc : opened;
}

ty_status ty__tm_publish(ty_tm *tm, ty_error *err)
{
    return tm->hidden ? publish(tm, err) : TY_OK;
}

ty_status ty_tm_open(const char *path, int flags, ty_tm **out, ty_error *err)
{
    if (path && ty__pg_is_conninfo(path))
        return ty__pg_open(path, flags, out, err);
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
    if (tm->be) {
        tm->be->close(tm);
        ty__matcher_free(tm->matcher);
        ty__tm_lookup_free(tm);
        free(tm->path);
        free(tm);
        return;
    }
    /* a memory being made is kept, under its name, unless an import into it failed */
    if (tm->hidden && !tm->failed && tm->db) {
        ty_error ignored;
        (void)publish(tm, &ignored);
    }
    ty__matcher_free(tm->matcher);
    ty__tm_lookup_free(tm);
    ty__unit_memo_free(&tm->memo);
    for (int l = 0; l < 2; l++)
        ty__gram_counter_free(tm->group_grams[l]); /* an open group is dropped */
    disconnect(tm);
    ty__tm_hidden_discard(tm->hidden, tm->lock_fd);
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
    if (tm->be)
        return tm->be->info(tm, info, err);
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

    if (tm->be)
        return tm->be->documents(tm, fn, userdata, err);
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
