/*
 * ignore.c — accepted findings: the memory's list (table check_ignored, schema step 4) that
 * taiyaku check --ignore-add and a review interface write through ty_check_ignore_add, and
 * the ignore files of taiyaku check --ignore. A run loads both into one set of ids
 * (finding.c leaves those findings out); a memory in another backend keeps its list through
 * the backend's entries (tm.h). It does not decide what to accept.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "consistency.h"
#include "base/error.h"

/* Now (or $SOURCE_DATE_EPOCH, as TMX headers take it), as "YYYY-MM-DDThh:mm:ssZ". */
static void now_utc(char *buf, size_t size)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static ty_status check_id(const char *id, char *lower, ty_error *err)
{
    if (!ty_check_id_valid(id))
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                        "'%.40s' is not a finding id (16 hexadecimal digits, as taiyaku check "
                        "prints them)",
                        id ? id : "");
    for (int i = 0; i <= TY_CHECK_ID_LEN; i++)
        lower[i] = (char)tolower((unsigned char)id[i]);
    return TY_OK;
}

static ty_status writable(ty_tm *tm, ty_error *err)
{
    if (!tm)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no memory");
    if (tm->readonly)
        return ty__fail(err, TY_ERR_IO, tm->path, -1, -1,
                        "the memory is open read-only: cannot record accepted findings");
    return TY_OK;
}

static ty_status not_accepted(const ty_tm *tm, const char *id, ty_error *err)
{
    return ty__fail(err, TY_ERR_NOTFOUND, tm->path, -1, -1,
                    "finding %s is not among the accepted ones", id);
}

ty_status ty_check_ignore_add(ty_tm *tm, const char *finding_id, const char *note,
                              const char *who, ty_error *err)
{
    char id[TY_CHECK_ID_LEN + 1], at[32];
    sqlite3_stmt *st = NULL;
    ty_status rc;

    if ((rc = check_id(finding_id, id, err)) != TY_OK || (rc = writable(tm, err)) != TY_OK)
        return rc;
    now_utc(at, sizeof at);
    if (tm->be) {
        ty__ignored row = {id, note, who, at};
        return tm->be->ignored_put(tm, &row, 1, err);
    }
    if ((rc = ty__tm_prepare(tm,
                             "INSERT OR REPLACE INTO check_ignored(id, note, who, added_at)"
                             " VALUES (?1, ?2, ?3, ?4)",
                             &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, note, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, who, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "recording an accepted finding");
    sqlite3_finalize(st);
    return rc;
}

ty_status ty_check_ignore_remove(ty_tm *tm, const char *finding_id, ty_error *err)
{
    char id[TY_CHECK_ID_LEN + 1];
    sqlite3_stmt *st = NULL;
    ty_status rc;
    int removed = 0;

    if ((rc = check_id(finding_id, id, err)) != TY_OK || (rc = writable(tm, err)) != TY_OK)
        return rc;
    if (tm->be) {
        if ((rc = tm->be->ignored_remove(tm, id, &removed, err)) != TY_OK)
            return rc;
        return removed ? TY_OK : not_accepted(tm, id, err);
    }
    if ((rc = ty__tm_prepare(tm, "DELETE FROM check_ignored WHERE id = ?1", &st, err)) != TY_OK)
        return rc;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "removing an accepted finding");
    else if (sqlite3_changes(tm->db) == 0)
        rc = not_accepted(tm, id, err);
    sqlite3_finalize(st);
    return rc;
}

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* A backend's accepted findings to a caller of ty_check_ignore_list. */
typedef struct list_dest {
    ty_check_ignored_fn fn;
    void *ud;
} list_dest;

static ty_status list_row(const ty__ignored *row, void *user, ty_error *err)
{
    list_dest *d = user;
    ty_check_ignored e = {row->id, row->note, row->who, row->added_at};
    (void)err;
    return d->fn(&e, d->ud);
}

/* A backend's accepted finding into the set of a run. */
static ty_status load_row(const ty__ignored *row, void *user, ty_error *err)
{
    if (ty_check_id_valid(row->id) &&
        !ty__u64map_insert((ty__u64map *)user, ty__id_value(row->id), 1, NULL))
        return ty__nomem(err);
    return TY_OK;
}

ty_status ty_check_ignore_list(ty_tm *tm, ty_check_ignored_fn fn, void *userdata,
                               ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;
    int step;

    if (!tm || !fn)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no memory or no callback");
    if (tm->be) {
        list_dest d = {fn, userdata};
        return tm->be->ignored(tm, 1, list_row, &d, err);
    }
    if ((rc = ty__tm_prepare(tm,
                             "SELECT id, note, who, added_at FROM check_ignored"
                             " ORDER BY added_at, id",
                             &st, err)) != TY_OK)
        return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        ty_check_ignored e = {col(st, 0), col(st, 1), col(st, 2), col(st, 3)};
        if ((rc = fn(&e, userdata)) != TY_OK)
            break;
    }
    if (rc == TY_OK && step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading the accepted findings");
    sqlite3_finalize(st);
    return rc;
}

ty_status ty__ignored_load(ty_tm *tm, ty__u64map *set, ty_error *err)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;
    int step;

    if (tm->be)
        return tm->be->ignored(tm, 0, load_row, set, err);
    if ((rc = ty__tm_prepare(tm, "SELECT id FROM check_ignored", &st, err)) != TY_OK)
        return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = col(st, 0);
        if (ty_check_id_valid(id) && !ty__u64map_insert(set, ty__id_value(id), 1, NULL)) {
            rc = ty__nomem(err);
            break;
        }
    }
    if (rc == TY_OK && step != SQLITE_DONE)
        rc = ty__tm_fail(tm, err, "reading the accepted findings");
    sqlite3_finalize(st);
    return rc;
}

ty_status ty__ignore_file_read(const char *path, ty__u64map *set, ty_error *err)
{
    FILE *fp = fopen(path, "r");
    char line[4096];
    long lineno = 0;
    long long off = 0;
    ty_status rc = TY_OK;

    if (!fp)
        return ty__fail(err, errno == ENOENT ? TY_ERR_NOTFOUND : TY_ERR_IO, path, -1, -1,
                        "cannot open: %s", strerror(errno));
    while (fgets(line, sizeof line, fp)) {
        size_t len = strlen(line), a = 0, b;
        lineno++;
        if (len == sizeof line - 1 && line[len - 1] != '\n') {
            rc = ty__fail(err, TY_ERR_FORMAT, path, lineno, off, "a line over 4 KiB");
            break;
        }
        off += (long long)len;
        while (a < len && isspace((unsigned char)line[a]))
            a++;
        if (a == len || line[a] == '#')
            continue;
        for (b = a; b < len && !isspace((unsigned char)line[b]) && line[b] != '#'; b++)
            ;
        line[b] = '\0';
        if (!ty_check_id_valid(line + a)) {
            rc = ty__fail(err, TY_ERR_FORMAT, path, lineno, off - (long long)len + (long long)a,
                          "not a finding id: '%.40s' (16 hexadecimal digits)", line + a);
            break;
        }
        if (!ty__u64map_insert(set, ty__id_value(line + a), 1, NULL)) {
            rc = ty__nomem(err);
            break;
        }
    }
    if (rc == TY_OK && ferror(fp))
        rc = ty__fail(err, TY_ERR_IO, path, -1, -1, "cannot read: %s", strerror(errno));
    fclose(fp);
    return rc;
}
