/*
 * serve.h — private to src/serve/: the server's parts. http.c receives requests through
 * libmicrohttpd and hands each, whole, to sv_handle (route.c), which checks the safety rules
 * and calls one handler (api_*.c) that answers with a JSON body built in an sv_buf. Nothing
 * here knows about sockets but http.c, so the fuzz target and the unit tests call sv_handle
 * directly. The server uses only the public API (taiyaku.h).
 */
#ifndef TY_SERVE_H
#define TY_SERVE_H

#include <pthread.h>
#include <stddef.h>

#include "taiyaku.h"

/* ---- a growing byte buffer (buf.c) ---- */

typedef struct sv_buf {
    char *p;
    size_t len, cap;
    int oom; /* an allocation failed: the content is incomplete */
} sv_buf;

void sv_buf_put(sv_buf *b, const char *s, size_t n);
void sv_buf_puts(sv_buf *b, const char *s);
void sv_buf_printf(sv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s as a JSON string, quotes included (NULL: null). '<', '>', '&' and U+2028/9 are written as
 * \u escapes too, so that the JSON is safe wherever it lands; bytes that are not UTF-8 become
 * U+FFFD. */
void sv_json_str(sv_buf *b, const char *s);
void sv_json_strn(sv_buf *b, const char *s, size_t n);
/* A number, or null for a negative confidence. */
void sv_json_conf(sv_buf *b, double confidence);
/* text cut into parts at nspans [start, end) byte spans (spans[2k], spans[2k+1], in order):
 * [{"text": "...", "hit": false}, {"text": "...", "hit": true}, ...]. A span that is out of
 * order or past the end leaves the rest unmarked. */
void sv_json_parts(sv_buf *b, const char *text, const size_t *spans, size_t nspans);
void sv_buf_free(sv_buf *b);

/* ---- reading JSON request bodies (json_read.c) ---- */

typedef enum sv_jtype { SV_JNULL, SV_JBOOL, SV_JNUM, SV_JSTR, SV_JARR, SV_JOBJ } sv_jtype;

typedef struct sv_json {
    sv_jtype type;
    double num;            /* SV_JNUM; SV_JBOOL: 0 or 1 */
    char *str;             /* SV_JSTR: UTF-8, NUL-terminated (a \u0000 in it is refused) */
    char *key;             /* the member's name when it is an object's member */
    struct sv_json *items; /* SV_JARR, SV_JOBJ */
    size_t n;
} sv_json;

/* The most nesting a body may have. */
#define SV_JSON_DEPTH 16

/* Parse `len` bytes as one JSON value (RFC 8259; UTF-8 only). 0 and *out (sv_json_free it),
 * or -1 with a message saying what is wrong at which byte in msg. */
int sv_json_parse(const char *s, size_t len, sv_json **out, char *msg, size_t msgsize);
void sv_json_free(sv_json *v);
/* An object's member, or NULL. */
const sv_json *sv_json_get(const sv_json *obj, const char *key);

/* ---- URLs (url.c) ---- */

/* Percent-decode n bytes ('+' as a space when `plus`) into a new string: NULL when a '%' is not
 * followed by two hex digits, the result holds a NUL byte or is not UTF-8, or out of memory. */
char *sv_url_decode(const char *s, size_t n, int plus);
/* The decoded value of parameter `name` of a query string ("a=1&b=2"; may be NULL): a new
 * string, NULL when absent; *bad is set when it is present but does not decode. */
char *sv_query_get(const char *query, const char *name, int *bad);

/* ---- one request and its answer ---- */

typedef struct sv_req {
    const char *method;  /* "GET", "POST", … */
    const char *path;    /* the target before '?', as sent (percent-encoded) */
    const char *query;   /* after '?', or NULL */
    const char *host, *origin, *fetch_site; /* headers, or NULL */
    const char *authorization, *session, *content_type;
    const char *body;
    size_t body_len;
} sv_req;

typedef struct sv_resp {
    int status;
    const char *type;   /* Content-Type */
    sv_buf body;
    const char *cache;  /* Cache-Control: NULL is "no-store" */
    const char *allow;  /* Allow, for 405 */
    int is_static;      /* a page file: body.p points into the program, not to free */
} sv_resp;

/* ---- the server (http.c owns it; route.c and the handlers use it) ---- */

typedef struct sv_token {
    char *name, *token;
} sv_token;

#define SV_SESSIONS 256
#define SV_SESSION_LEN 32 /* hex digits */

typedef struct sv_server {
    char *path;               /* the memory */
    ty_serve_opts opts;
    char *user;
    sv_token *tokens;
    size_t ntokens;
    int loopback;             /* listening on a loopback address: Host is checked */
    unsigned port;

    pthread_mutex_t lock;     /* sessions, the reader pool */
    pthread_cond_t freed;
    char sessions[SV_SESSIONS][SV_SESSION_LEN + 1];
    size_t nsessions, next_session;
    ty_tm **readers;          /* open, idle read-only handles */
    size_t nreaders, readers_open, readers_max;

    pthread_mutex_t write_lock; /* one edit at a time */
    ty_tm *writer;            /* NULL when read-only */

    void *daemon;             /* struct MHD_Daemon *, http.c's */
    int listen_fd;
} sv_server;

/* Set up everything but the listening socket (http.c adds it): the tokens read, the memory
 * opened once to check it. */
ty_status sv_server_init(sv_server *s, const char *path, const ty_serve_opts *opts,
                         ty_error *err);
void sv_server_fini(sv_server *s);

/* A read-only handle of the memory for this request (sv_reader_put it back), or NULL with
 * err filled. */
ty_tm *sv_reader_get(sv_server *s, ty_error *err);
void sv_reader_put(sv_server *s, ty_tm *tm);

/* Answer one request. Never fails: every problem is an answer (4xx with a JSON error). */
void sv_handle(sv_server *s, const sv_req *rq, sv_resp *rs);
void sv_resp_free(sv_resp *rs);

/* The caller of a request: who it is recorded as (token name or --user). */
typedef struct sv_ctx {
    sv_server *s;
    const sv_req *rq;
    const char *who;
    const char *subpath; /* the path after the handler's prefix, still percent-encoded */
} sv_ctx;

/* ---- answers (route.c) ---- */

/* A JSON error: {"error": MESSAGE}. */
void sv_error(sv_resp *rs, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The error of a library call: 404 for TY_ERR_NOTFOUND, 409 for a conflict, 400 for bad input,
 * 503 for a busy memory, else 500. */
void sv_fail(sv_resp *rs, const ty_error *e);
/* Start a JSON answer with status 200. */
void sv_json_begin(sv_resp *rs);
/* A query parameter as a number in [lo, hi] (default `def` when absent); -1 after answering
 * 400. */
int sv_param_long(const sv_ctx *c, sv_resp *rs, const char *name, long lo, long hi, long def,
                  long *v);
/* A query parameter's decoded text (NULL when absent); *failed set after answering 400. */
char *sv_param(const sv_ctx *c, sv_resp *rs, const char *name, int *failed);
/* The request body as a JSON object, or NULL after answering 400. */
sv_json *sv_body(const sv_ctx *c, sv_resp *rs);

/* ---- handlers (api_*.c): each answers one route ---- */

void sv_api_lookup(const sv_ctx *c, sv_resp *rs);
void sv_api_concord(const sv_ctx *c, sv_resp *rs);
void sv_api_tmserver(const sv_ctx *c, sv_resp *rs);
void sv_api_check(const sv_ctx *c, sv_resp *rs);
void sv_api_ignore(const sv_ctx *c, sv_resp *rs);
void sv_api_ignored(const sv_ctx *c, sv_resp *rs);
void sv_api_phrases(const sv_ctx *c, sv_resp *rs);
void sv_api_phrase(const sv_ctx *c, sv_resp *rs);
void sv_api_documents(const sv_ctx *c, sv_resp *rs);
void sv_api_review(const sv_ctx *c, sv_resp *rs);
void sv_api_review_post(const sv_ctx *c, sv_resp *rs);
/* GET /api/review/ID/history */
void sv_review_history(const sv_ctx *c, sv_resp *rs, long long id);
/* The review operations this server carries out (review_edit.c), NULL-ended: the pages show
 * a button and a key for each. */
extern const char *const sv_review_ops[];
/* "12" or "12/…": the document id, *rest after it; -1 for a path that does not start so. */
long long sv_document_id(const char *s, const char **rest);

/* ---- the page files, compiled in (assets.c, generated from src/serve/assets/) ---- */

typedef struct sv_asset {
    const char *name; /* "index.html" */
    const char *type; /* Content-Type */
    const char *data;
    size_t len;
} sv_asset;
extern const sv_asset sv_assets[]; /* ends with a NULL name */

#endif
