/*
 * route.c — one request in, one answer out: the safety rules, then the route. In order: the
 * target's and the body's sizes (414, 413); on a loopback address, a Host that names this
 * server (a page of another site reaching it through DNS rebinding is refused, 403); the page
 * files, which hold no data, for anyone; then, with tokens, "Authorization: Bearer" (401);
 * then for a POST: --read-only (403), an Origin or Sec-Fetch-Site of another site (403), the
 * session token the page got from GET /api/session in X-Taiyaku-Session (403) and a JSON body
 * (415). Tokens and session tokens are compared in constant time. What each route does is
 * in api_*.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "serve.h"

/* Equal in time that depends on the lengths only. */
static int same_secret(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned char d = (unsigned char)(la != lb);
    for (size_t i = 0; i < la; i++)
        d |= (unsigned char)(a[i] ^ b[lb ? i % lb : 0]);
    return d == 0;
}

/* The name of the token a request carries, or NULL. Every token is compared. */
static const char *bearer(const sv_server *s, const char *authorization)
{
    const char *who = NULL;

    if (!authorization || strncasecmp(authorization, "Bearer ", 7))
        return NULL;
    const char *t = authorization + 7;
    t += strspn(t, " ");
    for (size_t i = 0; i < s->ntokens; i++)
        if (same_secret(t, s->tokens[i].token) && !who)
            who = s->tokens[i].name;
    return who;
}

static int session_known(sv_server *s, const char *token)
{
    int found = 0;

    if (!token || strlen(token) != SV_SESSION_LEN)
        return 0;
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->nsessions; i++)
        found |= same_secret(token, s->sessions[i]);
    pthread_mutex_unlock(&s->lock);
    return found;
}

static int session_new(sv_server *s, char out[SV_SESSION_LEN + 1])
{
    unsigned char raw[SV_SESSION_LEN / 2];

    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
        return -1;
    for (size_t i = 0; i < sizeof raw; i++)
        snprintf(out + 2 * i, 3, "%02x", raw[i]);
    pthread_mutex_lock(&s->lock);
    memcpy(s->sessions[s->next_session], out, SV_SESSION_LEN + 1);
    s->next_session = (s->next_session + 1) % SV_SESSIONS;
    if (s->nsessions < SV_SESSIONS)
        s->nsessions++;
    pthread_mutex_unlock(&s->lock);
    return 0;
}

static void api_session(const sv_ctx *c, sv_resp *rs)
{
    char tok[SV_SESSION_LEN + 1];
    ty_tm_info info;
    ty_error e;
    ty_tm *tm;

    if (session_new(c->s, tok)) {
        sv_error(rs, 500, "no random bytes for a session token");
        return;
    }
    if (!(tm = sv_reader_get(c->s, &e))) {
        sv_fail(rs, &e);
        return;
    }
    ty_status st = ty_tm_get_info(tm, &info, &e);
    sv_reader_put(c->s, tm);
    if (st != TY_OK) {
        sv_fail(rs, &e);
        return;
    }
    sv_json_begin(rs);
    sv_buf_puts(&rs->body, "{\"session\":");
    sv_json_str(&rs->body, tok);
    sv_buf_puts(&rs->body, ",\"user\":");
    sv_json_str(&rs->body, c->who);
    sv_buf_printf(&rs->body,
                  ",\"read_only\":%s,\"version\":\"%s\",\"documents\":%lld,\"units\":%lld,"
                  "\"memory\":",
                  c->s->opts.read_only ? "true" : "false", ty_version(), info.documents,
                  info.units);
    const char *base = strrchr(c->s->path, '/');
    sv_json_str(&rs->body, base ? base + 1 : c->s->path);
    sv_buf_puts(&rs->body, ",\"review_ops\":[");
    for (size_t i = 0; sv_review_ops[i]; i++) {
        sv_buf_puts(&rs->body, i ? "," : "");
        sv_json_str(&rs->body, sv_review_ops[i]);
    }
    sv_buf_puts(&rs->body, "]}\n");
}

typedef struct route {
    const char *method;
    const char *path; /* a prefix when it ends with '/' */
    void (*fn)(const sv_ctx *c, sv_resp *rs);
} route;

static const route routes[] = {
    {"GET", "/api/session", api_session},
    {"GET", "/api/lookup", sv_api_lookup},
    {"GET", "/api/concord", sv_api_concord},
    {"GET", "/api/check", sv_api_check},
    {"GET", "/api/ignored", sv_api_ignored},
    {"POST", "/api/ignore", sv_api_ignore},
    {"GET", "/api/phrases", sv_api_phrases},
    {"GET", "/api/phrase", sv_api_phrase},
    {"GET", "/tmserver/", sv_api_tmserver},
    {"GET", "/api/documents", sv_api_documents},
    {"GET", "/api/review/", sv_api_review},
    {"POST", "/api/review/", sv_api_review_post},
    {NULL, NULL, NULL},
};

static const sv_asset *asset(const char *path)
{
    if (!strcmp(path, "/") || !strcmp(path, "/index.html"))
        path = "/assets/index.html";
    if (strncmp(path, "/assets/", 8))
        return NULL;
    for (const sv_asset *a = sv_assets; a->name; a++)
        if (!strcmp(a->name, path + 8))
            return a;
    return NULL;
}

/* The Host header names this server: on loopback, one of its loopback names and its port. */
static int host_ok(const sv_server *s, const char *host)
{
    static const char *const names[] = {"127.0.0.1", "localhost", "[::1]", NULL};
    char want[64];

    if (!s->loopback || !host)
        return 1;
    for (size_t i = 0; names[i]; i++) {
        snprintf(want, sizeof want, "%s:%u", names[i], s->port);
        if (!strcasecmp(host, want))
            return 1;
        if (s->port == 80 && !strcasecmp(host, names[i]))
            return 1;
    }
    return 0;
}

/* A POST may come from this server's own pages only. */
static const char *cross_site(const sv_req *rq)
{
    if (rq->fetch_site && strcmp(rq->fetch_site, "same-origin") && strcmp(rq->fetch_site, "none"))
        return "a request from another site";
    if (rq->origin) {
        if (!rq->host || strncmp(rq->origin, "http://", 7) || strcasecmp(rq->origin + 7, rq->host))
            return "a request from another origin";
    }
    return NULL;
}

void sv_handle(sv_server *s, const sv_req *rq, sv_resp *rs)
{
    size_t urllen = strlen(rq->path) + (rq->query ? strlen(rq->query) + 1 : 0);
    const char *who = s->user;
    const char *why;

    memset(rs, 0, sizeof *rs);
    if (urllen > s->opts.max_url) {
        sv_error(rs, 414, "the request target is longer than %zu bytes", s->opts.max_url);
        return;
    }
    if (rq->body_len > s->opts.max_body) {
        sv_error(rs, 413, "the request body is larger than %zu bytes", s->opts.max_body);
        return;
    }
    if (!host_ok(s, rq->host)) {
        sv_error(rs, 403, "the Host header does not name this server");
        return;
    }
    const sv_asset *a = asset(rq->path);
    if (a) {
        if (strcmp(rq->method, "GET") && strcmp(rq->method, "HEAD")) {
            sv_error(rs, 405, "a page file is only read (GET)");
            rs->allow = "GET, HEAD";
            return;
        }
        rs->status = 200;
        rs->type = a->type;
        rs->is_static = 1;
        rs->body.p = (char *)a->data;
        rs->body.len = a->len;
        rs->cache = "no-cache";
        return;
    }
    if (s->ntokens) {
        if (!(who = bearer(s, rq->authorization))) {
            sv_error(rs, 401, "this server wants a token: Authorization: Bearer TOKEN");
            return;
        }
    }
    const route *r = NULL;
    int methods = 0; /* 1: GET, 2: POST, of the routes with this path */
    for (const route *x = routes; x->method; x++) {
        size_t n = strlen(x->path);
        int match = x->path[n - 1] == '/' ? !strncmp(rq->path, x->path, n)
                                          : !strcmp(rq->path, x->path);
        if (!match)
            continue;
        methods |= strcmp(x->method, "GET") ? 2 : 1;
        if (!r && !strcmp(x->method, rq->method))
            r = x;
    }
    if (!r) {
        if (methods) {
            sv_error(rs, 405, "%s is not allowed here", rq->method);
            rs->allow = methods == 3 ? "GET, POST" : methods == 2 ? "POST" : "GET";
        } else {
            sv_error(rs, 404, "no such page or API");
        }
        return;
    }
    if (!strcmp(r->method, "POST")) {
        if (s->opts.read_only) {
            sv_error(rs, 403, "the server is read-only (--read-only)");
            return;
        }
        if ((why = cross_site(rq))) {
            sv_error(rs, 403, "%s is refused", why);
            return;
        }
        if (!session_known(s, rq->session)) {
            sv_error(rs, 403, "no valid session token (X-Taiyaku-Session, from GET /api/session)");
            return;
        }
        if (!rq->content_type || strncasecmp(rq->content_type, "application/json", 16)) {
            sv_error(rs, 415, "the body must be application/json");
            return;
        }
    }
    sv_ctx c = {s, rq, who, rq->path + strlen(r->path)};
    r->fn(&c, rs);
    if (rs->body.oom)
        sv_error(rs, 503, "out of memory");
}
