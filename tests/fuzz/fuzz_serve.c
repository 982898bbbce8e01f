/*
 * fuzz_serve.c — fuzz target for taiyaku serve's request handling without sockets: the input
 * is a request as text ("METHOD TARGET", header lines, a blank line, the body), handed to
 * sv_handle as src/serve/http.c hands it. A header value "SESSION" is replaced by a valid
 * session token, so POST bodies reach the JSON reader and the edit routes. Invariants: the
 * status is one the server answers with; every JSON answer is well-formed JSON (read back with
 * the server's own reader) and UTF-8; a text holding '<' never appears raw in a JSON answer.
 * The memory is a small one made once in a temporary file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve/serve.h"

static sv_server server;
static char path[64];
static char session[SV_SESSION_LEN + 1];

static void teardown(void)
{
    char p[80];
    sv_server_fini(&server);
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

static void setup(void)
{
    static const char *const units[][2] = {
        {"第3条の規定により会議を開く。", "The meeting opens under Article 4."},
        {"<script>alert(1)</script>を表示する。", "Shows <script>alert(1)</script> & more."},
        {"台風の被害に対する緊急無償資金協力", "Emergency Grant Aid for the typhoon damage"},
        {"冒頭発言", "Opening Remarks"},
    };
    ty_unit u[sizeof units / sizeof units[0]];
    ty_tm_docinfo info = {"fuzz", NULL, NULL, "2024-01-01T00:00:00Z"};
    ty_serve_opts o;
    ty_tm *tm;
    ty_error e;
    int fd;

    snprintf(path, sizeof path, "/tmp/taiyaku-fuzz-serve.XXXXXX");
    if ((fd = mkstemp(path)) < 0)
        abort();
    close(fd);
    unlink(path);
    memset(u, 0, sizeof u);
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        u[i].ja = units[i][0];
        u[i].en = units[i][1];
        u[i].confidence = -1;
    }
    if (ty_tm_open(path, TY_TM_CREATE, &tm, &e) != TY_OK ||
        ty_tm_add_units(tm, &info, u, sizeof u / sizeof u[0], NULL, &e) != TY_OK)
        abort();
    ty_tm_close(tm);
    ty_serve_opts_init(&o);
    o.user = "fuzz";
    o.threads = 1;
    if (sv_server_init(&server, path, &o, &e) != TY_OK)
        abort();
    server.port = 8080;
    server.loopback = 1;
    atexit(teardown);
    /* a session token, as a page gets it */
    sv_req rq = {.method = "GET", .path = "/api/session"};
    sv_resp rs;
    sv_handle(&server, &rq, &rs);
    sv_json *j = NULL;
    char msg[100];
    if (rs.status != 200 || sv_json_parse(rs.body.p, rs.body.len, &j, msg, sizeof msg))
        abort();
    const sv_json *s = sv_json_get(j, "session");
    if (!s || s->type != SV_JSTR || strlen(s->str) != SV_SESSION_LEN)
        abort();
    memcpy(session, s->str, sizeof session);
    sv_json_free(j);
    sv_resp_free(&rs);
}

/* The next line of [*p, end): NUL-terminated in place (a copy of the input), or NULL. */
static char *line(char **p, char *end)
{
    if (*p >= end)
        return NULL;
    char *start = *p, *nl = memchr(start, '\n', (size_t)(end - start));
    if (!nl)
        nl = end;
    *nl = '\0';
    if (nl > start && nl[-1] == '\r')
        nl[-1] = '\0';
    *p = nl + 1;
    return start;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int statuses[] = {200, 400, 401, 403, 404, 405, 409, 413, 414, 415, 500, 503};
    char *copy, *p, *end, *l;
    sv_req rq;
    sv_resp rs;

    if (!path[0])
        setup();
    if (size > 64 * 1024)
        return 0;
    copy = malloc(size + 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    p = copy;
    end = copy + size;
    memset(&rq, 0, sizeof rq);
    l = line(&p, end);
    char *sp = l ? strchr(l, ' ') : NULL;
    if (!sp || strlen(l) != (size_t)(sp - l) + strlen(sp)) {
        free(copy);
        return 0;
    }
    *sp = '\0';
    rq.method = l;
    rq.path = sp + 1;
    char *q = strchr(sp + 1, '?');
    if (q) {
        *q = '\0';
        rq.query = q + 1;
    }
    if (rq.path[0] != '/') {
        free(copy);
        return 0;
    }
    while ((l = line(&p, end)) && *l) {
        char *colon = strchr(l, ':');
        if (!colon)
            continue;
        *colon = '\0';
        char *v = colon + 1 + strspn(colon + 1, " ");
        if (!strcmp(v, "SESSION"))
            v = session;
        if (!strcasecmp(l, "Host"))
            rq.host = v;
        else if (!strcasecmp(l, "Origin"))
            rq.origin = v;
        else if (!strcasecmp(l, "Sec-Fetch-Site"))
            rq.fetch_site = v;
        else if (!strcasecmp(l, "Authorization"))
            rq.authorization = v;
        else if (!strcasecmp(l, "X-Taiyaku-Session"))
            rq.session = v;
        else if (!strcasecmp(l, "Content-Type"))
            rq.content_type = v;
    }
    rq.body = p < end ? p : "";
    rq.body_len = p < end ? (size_t)(end - p) : 0;
    sv_handle(&server, &rq, &rs);
    int known = 0;
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        known |= rs.status == statuses[i];
    if (!known)
        abort();
    if (!rs.is_static && rs.type && !strcmp(rs.type, "application/json")) {
        sv_json *j = NULL;
        char msg[100];
        if (!rs.body.p || sv_json_parse(rs.body.p, rs.body.len, &j, msg, sizeof msg))
            abort();
        if (memchr(rs.body.p, '<', rs.body.len) ||
            ty_utf8_check(rs.body.p, rs.body.len) != rs.body.len)
            abort();
        sv_json_free(j);
    }
    sv_resp_free(&rs);
    free(copy);
    return 0;
}
