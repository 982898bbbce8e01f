/*
 * checker.c — a run of checks: its options (checked), where findings go, its counts, the
 * accepted findings it leaves out (ignore.c loads them), the memory's unit reader, and the end
 * of the run. It runs no check (check.c, check_pair.c do).
 */
#include "config.h"

#include <string.h>

#include "consistency.h"
#include "base/error.h"

ty_status ty__checker_init(ty__checker *c, ty_tm *tm, const ty_check_opts *o, ty_check_fn fn,
                           void *ud, ty_check_counts *counts, ty_error *err)
{
    ty_status rc = TY_OK;

    memset(c, 0, sizeof *c);
    c->err = err ? err : &c->local_err;
    ty_error_clear(c->err);
    err = c->err;
    c->tm = tm;
    if (o)
        c->o = *o;
    else
        ty_check_opts_init(&c->o);
    c->fn = fn;
    c->ud = ud;
    c->counts = counts ? counts : &c->local_counts;
    memset(c->counts, 0, sizeof *c->counts);
    if (!(c->o.min_confidence >= 0 && c->o.min_confidence <= 1) ||
        !(c->o.established > 0 && c->o.established <= 1))
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                        "the confidence and established-share thresholds must be in [0, 1]");
    if ((unsigned)c->o.min_severity > TY_SEVERITY_ERROR)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "bad minimum severity");
    if (c->o.ignore_file && (rc = ty__ignore_file_read(c->o.ignore_file, &c->ignored, err)))
        goto fail;
    if (tm && c->o.memory_ignores && (rc = ty__ignored_load(tm, &c->ignored, err)) != TY_OK)
        goto fail;
    if (tm) {
        if ((rc = ty__entry_reader_init(&c->rd, tm, err)) != TY_OK)
            goto fail;
        c->rd_open = 1;
    }
    return TY_OK;
fail:
    ty__checker_done(c);
    return rc;
}

void ty__checker_done(ty__checker *c)
{
    if (c->rd_open)
        ty__entry_reader_done(&c->rd);
    c->rd_open = 0;
    ty__unit_checks_free(c->uc);
    c->uc = NULL;
    sqlite3_finalize(c->near);
    c->near = NULL;
    ty__u64map_free(&c->ignored);
    ty__arena_clear(&c->a);
}

