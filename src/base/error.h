/*
 * error.h — private helpers for filling ty_error records. Not installed.
 */
#ifndef TY_ERROR_H
#define TY_ERROR_H

#include "taiyaku.h"

/* Fill `err` (when not NULL) and return `status`, so callers can write
 *     return ty__fail(err, TY_ERR_IO, path, -1, -1, "cannot open: %s", strerror(errno));
 * `file` may be NULL; `line`/`offset` are -1 when they do not apply. */
ty_status ty__fail(ty_error *err, ty_status status, const char *file, long line,
                   long long offset, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Shorthand for an out-of-memory failure. */
ty_status ty__nomem(ty_error *err);

#endif
