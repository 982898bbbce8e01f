/*
 * pg_db.c — the helpers every file of the PostgreSQL backend uses: libpq errors as one-line
 * ty_error messages (a lost connection said as such), running statements, telling a
 * serialization failure or deadlock, the int4 form of a trigram; and the refusal of a call a
 * backend does not support. It does not connect (pg_conn.c does).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/u64map.h"
#include "pg.h"

/* The first line of a libpq message, without "ERROR:  " and the newline. */
void ty__pg_first_line(const char *msg, char *out, size_t size)
{
    size_t n;

    if (!strncmp(msg, "ERROR:  ", 8))
        msg += 8;
    n = strcspn(msg, "\n");
    snprintf(out, size, "%.*s", (int)n, msg);
}

ty_status ty__pg_fail(const ty_tm *tm, const PGresult *r, const char *what, ty_error *err)
{
    PGconn *c = ty__pg_conn(tm);
    const char *msg = r ? PQresultErrorMessage(r) : "";
    char line[512];

    if (!*msg)
        msg = PQerrorMessage(c);
    if (tm->be_data)
        ((ty__pg *)tm->be_data)->retry = ty__pg_retryable(r);
    ty__pg_first_line(msg, line, sizeof line);
    if (PQstatus(c) == CONNECTION_BAD)
        return ty__fail(err, TY_ERR_POSTGRES, tm->path, -1, -1,
                        "%s%sthe connection to the server was lost (%s)", what ? what : "",
                        what ? ": " : "", line);
    return ty__fail(err, TY_ERR_POSTGRES, tm->path, -1, -1, "%s%s%s", what ? what : "",
                    what ? ": " : "", line);
}

PGresult *ty__pg_run(const ty_tm *tm, const char *what, const char *sql, int n,
                     const char *const *params, ty_error *err)
{
    PGresult *r = PQexecParams(ty__pg_conn(tm), sql, n, NULL, params, NULL, NULL, 0);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;

    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return r;
    ty__pg_fail(tm, r, what, err);
    PQclear(r);
    return NULL;
}

PGresult *ty__pg_prepared(const ty_tm *tm, enum ty__pg_query q, const char *what,
                          const char *sql, int n, const char *const *params, int binary,
                          ty_error *err)
{
    ty__pg *pg = tm->be_data;
    char name[16];
    PGresult *r;
    ExecStatusType st;

    snprintf(name, sizeof name, "ty_q%d", (int)q);
    if (!(pg->prepared & 1u << q)) {
        r = PQprepare(pg->conn, name, sql, n, NULL);
        if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
            ty__pg_fail(tm, r, what, err);
            PQclear(r);
            return NULL;
        }
        PQclear(r);
        pg->prepared |= 1u << q;
    }
    r = PQexecPrepared(pg->conn, name, n, params, NULL, NULL, binary);
    st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return r;
    ty__pg_fail(tm, r, what, err);
    PQclear(r);
    return NULL;
}

ty_status ty__pg_exec(const ty_tm *tm, const char *what, const char *sql, ty_error *err)
{
    PGresult *r = PQexec(ty__pg_conn(tm), sql); /* several statements allowed */
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    ty_status rc = TY_OK;

    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        rc = ty__pg_fail(tm, r, what, err);
    PQclear(r);
    return rc;
}

ty_status ty__pg_each(const ty_tm *tm, const char *what, const char *sql, int n,
                      const char *const *params, int batch, ty__pg_row_fn fn, void *user,
                      ty_error *err)
{
    ty__pg *pg = tm->be_data;
    int own = PQtransactionStatus(pg->conn) == PQTRANS_IDLE, rows;
    size_t len = strlen(sql) + 64;
    char *declare = malloc(len), fetch[96], name[32], close[48];
    ty_status rc = TY_OK;
    PGresult *r;

    if (!declare)
        return ty__nomem(err);
    snprintf(name, sizeof name, "ty_each%u", pg->cursors++);
    snprintf(declare, len, "DECLARE %s NO SCROLL CURSOR FOR %s", name, sql);
    snprintf(fetch, sizeof fetch, "FETCH %d FROM %s", batch, name);
    snprintf(close, sizeof close, "CLOSE %s", name);
    if (own && (rc = ty__pg_exec(tm, what, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                                 err)) != TY_OK)
        goto done;
    if (!(r = ty__pg_run(tm, what, declare, n, params, err))) {
        rc = TY_ERR_POSTGRES;
        goto end;
    }
    PQclear(r);
    do {
        if (!(r = ty__pg_run(tm, what, fetch, 0, NULL, err))) {
            rc = TY_ERR_POSTGRES;
            goto end;
        }
        rows = PQntuples(r);
        for (int i = 0; i < rows && rc == TY_OK; i++)
            rc = fn(user, r, i, err);
        PQclear(r);
    } while (rc == TY_OK && rows == batch);
end:
    /* read-only: its end changes nothing, whether the read succeeded or not */
    PQclear(PQexec(pg->conn, own ? "ROLLBACK" : close));
done:
    free(declare);
    return rc;
}

char *ty__pg_id_array(const long long *ids, size_t n)
{
    char *s = malloc(n * 21 + 3);
    size_t len = 0;

    if (!s)
        return NULL;
    s[len++] = '{';
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(s + len, "%s%lld", i ? "," : "", ids[i]);
    s[len++] = '}';
    s[len] = '\0';
    return s;
}

const char *ty__pg_cell(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

long long ty__pg_ll(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

double ty__pg_double(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? -1 : strtod(PQgetvalue(r, row, col), NULL);
}

int ty__pg_retryable(const PGresult *r)
{
    const char *code = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    return code && (!strcmp(code, "40001") || !strcmp(code, "40P01"));
}

int32_t ty__pg_gram(uint64_t key)
{
    uint64_t h = ty__mix64(key);
    return (int32_t)(uint32_t)(h ^ (h >> 32));
}
