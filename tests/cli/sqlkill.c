/*
 * sqlkill.c — a test-only library for LD_PRELOAD: it kills its process (SIGKILL) when the
 * process is about to run the SQLite statement whose SQL holds the text $TY_KILL_SQL for the
 * $TY_KILL_NTH-th time (default: the first), so that a test stops a command at a named step of
 * a write, inside its transaction, as a crash or `kill -9` there would. It sees the statements
 * the program runs through sqlite3_step and sqlite3_exec (batch-replace.sh). Never installed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

/* Whether the statement `sql` is the one to die at. */
static int due(const char *sql)
{
    static int seen;
    const char *want = getenv("TY_KILL_SQL"), *nth = getenv("TY_KILL_NTH");

    if (!want || !*want || !sql || !strstr(sql, want))
        return 0;
    return __atomic_add_fetch(&seen, 1, __ATOMIC_SEQ_CST) == (nth ? atoi(nth) : 1);
}

int sqlite3_step(sqlite3_stmt *st)
{
    int (*real)(sqlite3_stmt *) = (int (*)(sqlite3_stmt *))dlsym(RTLD_NEXT, "sqlite3_step");

    if (due(sqlite3_sql(st)))
        raise(SIGKILL);
    return real(st);
}

int sqlite3_exec(sqlite3 *db, const char *sql, int (*fn)(void *, int, char **, char **),
                 void *user, char **errmsg)
{
    int (*real)(sqlite3 *, const char *, int (*)(void *, int, char **, char **), void *,
                char **) =
        (int (*)(sqlite3 *, const char *, int (*)(void *, int, char **, char **), void *,
                 char **))dlsym(RTLD_NEXT, "sqlite3_exec");

    if (due(sql))
        raise(SIGKILL);
    return real(db, sql, fn, user, errmsg);
}
