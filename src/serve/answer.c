/*
 * answer.c — what every route's answer is made of: JSON errors (a library error mapped to its
 * HTTP status), the start of a JSON answer, and reading a request's query parameters and JSON
 * body with a 400 that says what is wrong, and the document id of a path. It routes nothing
 * (route.c).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

void sv_resp_free(sv_resp *rs)
{
    if (!rs->is_static)
        sv_buf_free(&rs->body);
    memset(&rs->body, 0, sizeof rs->body);
}

void sv_error(sv_resp *rs, int status, const char *fmt, ...)
{
    char msg[600];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sv_resp_free(rs);
    rs->is_static = 0;
    rs->status = status;
    rs->type = "application/json";
    sv_buf_puts(&rs->body, "{\"error\":");
    sv_json_str(&rs->body, msg);
    sv_buf_puts(&rs->body, "}\n");
}

void sv_fail(sv_resp *rs, const ty_error *e)
{
    char msg[2048];
    int status;

    switch (e->status) {
    case TY_ERR_NOTFOUND: status = 404; break;
    case TY_ERR_INVALID:
    case TY_ERR_ENCODING:
    case TY_ERR_FORMAT:
    case TY_ERR_TOOBIG: status = 400; break;
    case TY_ERR_NOMEM: status = 503; break;
    case TY_ERR_CONFLICT: status = 409; break;
    default: status = 500; break;
    }
    if (e->status == TY_ERR_SQLITE && strstr(e->message, "busy"))
        status = 503;
    sv_error(rs, status, "%s", ty_error_format(e, msg, sizeof msg));
}

void sv_json_begin(sv_resp *rs)
{
    rs->status = 200;
    rs->type = "application/json";
}

char *sv_param(const sv_ctx *c, sv_resp *rs, const char *name, int *failed)
{
    int bad;
    char *v = sv_query_get(c->rq->query, name, &bad);

    *failed = bad;
    if (bad)
        sv_error(rs, 400, "the parameter '%s' does not decode to UTF-8 text", name);
    return v;
}

int sv_param_long(const sv_ctx *c, sv_resp *rs, const char *name, long lo, long hi, long def,
                  long *v)
{
    int bad;
    char *s = sv_param(c, rs, name, &bad), *end;

    if (bad)
        return -1;
    *v = def;
    if (!s)
        return 0;
    long x = strtol(s, &end, 10);
    if (!*s || *end || x < lo || x > hi) {
        sv_error(rs, 400, "the parameter '%s' wants a number from %ld to %ld", name, lo, hi);
        free(s);
        return -1;
    }
    free(s);
    *v = x;
    return 0;
}

sv_json *sv_body(const sv_ctx *c, sv_resp *rs)
{
    sv_json *v;
    char msg[200];

    if (sv_json_parse(c->rq->body ? c->rq->body : "", c->rq->body_len, &v, msg, sizeof msg)) {
        sv_error(rs, 400, "%s", msg);
        return NULL;
    }
    if (v->type != SV_JOBJ) {
        sv_json_free(v);
        sv_error(rs, 400, "the body must be a JSON object");
        return NULL;
    }
    return v;
}

long long sv_document_id(const char *s, const char **rest)
{
    char *end;
    long long id;

    if (*s < '0' || *s > '9')
        return -1;
    id = strtoll(s, &end, 10);
    if (*end && *end != '/')
        return -1;
    *rest = end;
    return id;
}
