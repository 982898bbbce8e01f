/*
 * error.c — status strings and the error record. Formatting only; nothing here prints.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

const char *ty_strerror(ty_status status)
{
    switch (status) {
    case TY_OK: return "success";
    case TY_ERR_NOMEM: return "out of memory";
    case TY_ERR_INVALID: return "invalid argument";
    case TY_ERR_IO: return "input/output error";
    case TY_ERR_ENCODING: return "invalid bytes for the encoding";
    case TY_ERR_FORMAT: return "malformed input";
    case TY_ERR_TOOBIG: return "input too large";
    case TY_ERR_ICU: return "ICU failure";
    case TY_ERR_XML: return "XML error";
    case TY_ERR_SQLITE: return "SQLite error";
    case TY_ERR_NOTFOUND: return "not found";
    case TY_ERR_INTERNAL: return "internal error";
    case TY_ERR_CONFLICT: return "changed meanwhile";
    case TY_ERR_POSTGRES: return "PostgreSQL error";
    }
    return "unknown status";
}

const char *ty_version(void)
{
    return PACKAGE_VERSION;
}

void ty_error_clear(ty_error *err)
{
    if (!err)
        return;
    err->status = TY_OK;
    err->message[0] = '\0';
    err->file[0] = '\0';
    err->line = -1;
    err->offset = -1;
}

ty_status ty__fail(ty_error *err, ty_status status, const char *file, long line,
                   long long offset, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return status;
    err->status = status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->offset = offset;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    /* one line: a message never carries a line break */
    for (char *p = err->message; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return status;
}

ty_status ty__nomem(ty_error *err)
{
    return ty__fail(err, TY_ERR_NOMEM, NULL, -1, -1, "%s", ty_strerror(TY_ERR_NOMEM));
}

char *ty_error_format(const ty_error *err, char *buf, size_t size)
{
    size_t n = 0;

    if (!buf || size == 0)
        return buf;
    buf[0] = '\0';
    if (!err)
        return buf;
#define TY_PUT(...)                                                                            \
    do {                                                                                       \
        if (n < size) {                                                                        \
            int k = snprintf(buf + n, size - n, __VA_ARGS__);                                  \
            if (k > 0)                                                                         \
                n += (size_t)k;                                                                \
        }                                                                                      \
    } while (0)
    if (err->file[0])
        TY_PUT("%s:", err->file);
    if (err->line >= 0)
        TY_PUT("%ld:", err->line);
    if (err->offset >= 0)
        TY_PUT("%sbyte %lld:", (err->file[0] || err->line >= 0) ? " " : "", err->offset);
    TY_PUT("%s%s", n ? " " : "", err->message[0] ? err->message : ty_strerror(err->status));
#undef TY_PUT
    return buf;
}
