/*
 * http.c — taiyaku serve's HTTP side on libmicrohttpd: the listening socket (bound here, so
 * that a taken port is one clear error), the daemon with its pool of threads, reading each
 * request whole (its raw target, its headers, its body up to the cap) and sending the answer
 * sv_handle gives with the headers every answer carries (no sniffing, no framing, a content
 * security policy that lets the pages load nothing from other hosts and run no inline
 * script). It does not decide anything about a request: route.c does.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mhd_dl.h"
#include "serve.h"

struct ty_server {
    sv_server s;
};

/* One request under way. */
typedef struct request {
    char *uri;   /* as sent: path and query */
    sv_buf body;
    int started, too_big;
} request;

static ty_status set_err(ty_error *err, ty_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static ty_status set_err(ty_error *err, ty_status st, const char *fmt, ...)
{
    va_list ap;

    if (err) {
        ty_error_clear(err);
        err->status = st;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return st;
}

/* Bind and listen on "HOST:PORT" / "[V6]:PORT". */
static ty_status listen_on(sv_server *s, const char *addr, int need_token, ty_error *err)
{
    char host[256];
    const char *port;
    struct addrinfo hints, *ai = NULL;
    ty_status st = TY_OK;

    if (addr[0] == '[') {
        const char *end = strchr(addr, ']');
        if (!end || end[1] != ':' || (size_t)(end - addr - 1) >= sizeof host)
            return set_err(err, TY_ERR_INVALID, "bad listen address '%s' (HOST:PORT, [V6]:PORT)",
                           addr);
        memcpy(host, addr + 1, (size_t)(end - addr - 1));
        host[end - addr - 1] = '\0';
        port = end + 2;
    } else {
        const char *colon = strrchr(addr, ':');
        if (!colon || (size_t)(colon - addr) >= sizeof host || strchr(addr, ':') != colon)
            return set_err(err, TY_ERR_INVALID, "bad listen address '%s' (HOST:PORT, [V6]:PORT)",
                           addr);
        memcpy(host, addr, (size_t)(colon - addr));
        host[colon - addr] = '\0';
        port = colon + 1;
    }
    if (!*port || strspn(port, "0123456789") != strlen(port) || strlen(port) > 5 ||
        atoi(port) > 65535)
        return set_err(err, TY_ERR_INVALID, "bad port in the listen address '%s'", addr);
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int rc = getaddrinfo(*host ? host : NULL, port, &hints, &ai);
    if (rc)
        return set_err(err, TY_ERR_INVALID, "cannot listen on '%s': %s", addr, gai_strerror(rc));
    if (ai->ai_family == AF_INET) {
        const struct sockaddr_in *in = (const void *)ai->ai_addr;
        s->loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    } else if (ai->ai_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const void *)ai->ai_addr;
        s->loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
    }
    if (!s->loopback && need_token) {
        st = set_err(err, TY_ERR_INVALID,
                     "'%s' is not a loopback address: serving it needs --token FILE", addr);
        goto done;
    }
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
        bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 128)) {
        st = set_err(err, TY_ERR_IO, "cannot listen on %s: %s", addr, strerror(errno));
        if (fd >= 0)
            close(fd);
        goto done;
    }
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
        s->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                                 : ((struct sockaddr_in *)&ss)->sin_port);
    s->listen_fd = fd;
done:
    freeaddrinfo(ai);
    return st;
}

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    (void)conn;
    request *r = calloc(1, sizeof *r);
    if (r)
        r->uri = strdup(uri ? uri : "/");
    return r;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode code)
{
    (void)cls;
    (void)conn;
    (void)code;
    request *r = *con_cls;
    if (r) {
        free(r->uri);
        sv_buf_free(&r->body);
        free(r);
    }
    *con_cls = NULL;
}

/* The target's bytes as sent: no unescaping here (route.c decodes what it reads). */
static size_t no_unescape(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    return strlen(s);
}

static enum MHD_Result send_answer(struct MHD_Connection *conn, sv_resp *rs)
{
    struct MHD_Response *resp;

    if (rs->is_static || !rs->body.p)
        resp = MHD_create_response_from_buffer(rs->body.p ? rs->body.len : 0,
                                               rs->body.p ? rs->body.p : (char *)"",
                                               MHD_RESPMEM_PERSISTENT);
    else {
        resp = MHD_create_response_from_buffer(rs->body.len, rs->body.p, MHD_RESPMEM_MUST_FREE);
        if (resp)
            memset(&rs->body, 0, sizeof rs->body); /* the response frees it */
    }
    if (!resp) {
        sv_resp_free(rs);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rs->type ? rs->type : "text/plain");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, rs->cache ? rs->cache : "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; script-src 'self'; style-src 'self'; "
                            "img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                            "form-action 'none'; frame-ancestors 'none'");
    if (rs->status == 401)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
    if (rs->allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, rs->allow);
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)rs->status, resp);
    MHD_destroy_response(resp);
    sv_resp_free(rs);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    sv_server *s = cls;
    request *r = *con_cls;
    sv_resp rs;
    (void)url;
    (void)version;

    if (!r)
        return MHD_NO; /* out of memory at the start of the request */
    if (!r->started) {
        r->started = 1;
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->opts.max_body) {
            memset(&rs, 0, sizeof rs);
            sv_error(&rs, 413, "the request body is larger than %zu bytes", s->opts.max_body);
            return send_answer(conn, &rs);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (r->body.len + *upload_data_size > s->opts.max_body)
            r->too_big = 1;
        else
            sv_buf_put(&r->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    sv_req rq;
    memset(&rq, 0, sizeof rq);
    char *q = strchr(r->uri, '?');
    if (q)
        *q++ = '\0';
    rq.method = method;
    rq.path = r->uri;
    rq.query = q;
    rq.host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    rq.origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
    rq.fetch_site = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Sec-Fetch-Site");
    rq.authorization = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                   MHD_HTTP_HEADER_AUTHORIZATION);
    rq.session = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Taiyaku-Session");
    rq.content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                  MHD_HTTP_HEADER_CONTENT_TYPE);
    rq.body = r->body.p;
    rq.body_len = r->too_big ? s->opts.max_body + 1 : r->body.len;
    if (r->body.oom) {
        memset(&rs, 0, sizeof rs);
        sv_error(&rs, 503, "out of memory");
    } else {
        sv_handle(s, &rq, &rs);
    }
    return send_answer(conn, &rs);
}

ty_status ty_server_start(const char *path, const ty_serve_opts *opts, ty_server **out,
                          ty_error *err)
{
    ty_serve_opts defaults;
    ty_server *srv;
    ty_status st;

    *out = NULL;
    if (!opts) {
        ty_serve_opts_init(&defaults);
        opts = &defaults;
    }
    if ((st = ty__mhd_load(path, err)) != TY_OK)
        return st;
    if (!(srv = calloc(1, sizeof *srv)))
        return set_err(err, TY_ERR_NOMEM, "out of memory");
    sv_server *s = &srv->s;
    if ((st = sv_server_init(s, path, opts, err)) != TY_OK ||
        (st = listen_on(s, opts->listen ? opts->listen : "127.0.0.1:8080", s->ntokens == 0,
                        err)) != TY_OK) {
        ty_server_stop(srv);
        return st;
    }
    s->daemon = MHD_start_daemon(
        MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, on_request, s,
        MHD_OPTION_LISTEN_SOCKET, s->listen_fd, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)s->opts.threads, MHD_OPTION_URI_LOG_CALLBACK, uri_log, (void *)s,
        MHD_OPTION_NOTIFY_COMPLETED, completed, (void *)s, MHD_OPTION_UNESCAPE_CALLBACK,
        no_unescape, (void *)s, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_END);
    if (!s->daemon) {
        ty_server_stop(srv);
        return set_err(err, TY_ERR_IO, "cannot start the HTTP server on %s",
                       opts->listen ? opts->listen : "127.0.0.1:8080");
    }
    *out = srv;
    return TY_OK;
}

unsigned ty_server_port(const ty_server *srv)
{
    return srv ? srv->s.port : 0;
}

void ty_server_stop(ty_server *srv)
{
    if (!srv)
        return;
    if (srv->s.daemon)
        MHD_stop_daemon(srv->s.daemon);
    if (srv->s.listen_fd >= 0)
        close(srv->s.listen_fd);
    sv_server_fini(&srv->s);
    free(srv);
}
