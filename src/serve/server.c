/*
 * server.c — the server's state apart from HTTP: its options, the bearer tokens read from
 * --token FILE, and the memory's connections: a pool of read-only handles for readers (one
 * per request under way, opened as needed up to the thread count) and the one writer handle
 * that edits take turns on. It neither listens (http.c) nor answers (route.c).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve.h"

/* As many threads as processors, 2 to 64: a lookup keeps a processor busy from start to end,
 * so more threads than processors only interleave lookups (and their caches), and fewer than 2
 * would let an edit hold up every reader. */
static unsigned default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 2 ? 2 : n > 64 ? 64 : (unsigned)n;
}

void ty_serve_opts_init(ty_serve_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->listen = "127.0.0.1:8080";
    opts->max_body = (size_t)1 << 20;
    opts->max_url = 8192;
    opts->threads = default_threads();
}

static char *dup_str(const char *s)
{
    return s ? strdup(s) : NULL;
}

static ty_status set_err(ty_error *err, ty_status st, const char *file, long line,
                         const char *msg)
{
    if (err) {
        ty_error_clear(err);
        err->status = st;
        snprintf(err->message, sizeof err->message, "%s", msg);
        snprintf(err->file, sizeof err->file, "%s", file ? file : "");
        err->line = line;
    }
    return st;
}

/* One token line: "NAME:TOKEN" or "TOKEN". */
static ty_status token_line(sv_server *s, char *line, const char *file, long no, ty_error *err)
{
    char *colon = strchr(line, ':');
    const char *name = "token", *tok = line;

    if (colon) {
        *colon = '\0';
        name = line;
        tok = colon + 1;
    }
    if (!*name)
        return set_err(err, TY_ERR_FORMAT, file, no, "a token without a name before ':'");
    if (strlen(tok) < 16)
        return set_err(err, TY_ERR_FORMAT, file, no,
                       "a token must have 16 characters at least");
    for (const char *p = tok; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f)
            return set_err(err, TY_ERR_FORMAT, file, no,
                           "a token may hold no spaces or control characters");
    if (ty_utf8_check(name, strlen(name)) < strlen(name))
        return set_err(err, TY_ERR_ENCODING, file, no, "a token name that is not UTF-8");
    sv_token *t = realloc(s->tokens, (s->ntokens + 1) * sizeof *t);
    if (!t)
        return set_err(err, TY_ERR_NOMEM, file, no, "out of memory");
    s->tokens = t;
    t[s->ntokens].name = strdup(name);
    t[s->ntokens].token = strdup(tok);
    if (!t[s->ntokens].name || !t[s->ntokens].token) {
        free(t[s->ntokens].name);
        free(t[s->ntokens].token);
        return set_err(err, TY_ERR_NOMEM, file, no, "out of memory");
    }
    s->ntokens++;
    return TY_OK;
}

static ty_status read_tokens(sv_server *s, const char *file, ty_error *err)
{
    FILE *f = fopen(file, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long no = 0;
    ty_status st = TY_OK;

    if (!f) {
        char msg[256];
        snprintf(msg, sizeof msg, "cannot read the tokens: %s", strerror(errno));
        return set_err(err, errno == ENOENT ? TY_ERR_NOTFOUND : TY_ERR_IO, file, -1, msg);
    }
    while (st == TY_OK && (len = getline(&line, &cap, f)) >= 0) {
        no++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
                           line[len - 1] == ' ' || line[len - 1] == '\t'))
            line[--len] = '\0';
        char *p = line + strspn(line, " \t");
        if (!*p || *p == '#')
            continue;
        if (strlen(p) != (size_t)(len - (p - line)))
            st = set_err(err, TY_ERR_FORMAT, file, no, "a NUL byte in the line");
        else
            st = token_line(s, p, file, no, err);
    }
    free(line);
    fclose(f);
    if (st == TY_OK && s->ntokens == 0)
        st = set_err(err, TY_ERR_FORMAT, file, -1, "no token in the file");
    return st;
}

ty_status sv_server_init(sv_server *s, const char *path, const ty_serve_opts *opts,
                         ty_error *err)
{
    ty_tm *first = NULL;
    ty_status st;

    memset(s, 0, sizeof *s);
    s->listen_fd = -1;
    pthread_mutex_init(&s->lock, NULL);
    pthread_mutex_init(&s->write_lock, NULL);
    pthread_cond_init(&s->freed, NULL);
    if (opts)
        s->opts = *opts;
    else
        ty_serve_opts_init(&s->opts);
    if (s->opts.threads == 0)
        s->opts.threads = 1;
    s->path = dup_str(path);
    s->user = dup_str(s->opts.user ? s->opts.user : "");
    s->opts.user = s->user;
    s->opts.listen = NULL;     /* http.c's; not kept */
    s->opts.token_file = NULL;
    if (!s->path || !s->user)
        return set_err(err, TY_ERR_NOMEM, NULL, -1, "out of memory");
    if (opts && opts->token_file && (st = read_tokens(s, opts->token_file, err)) != TY_OK)
        return st;
    s->readers_max = s->opts.threads + 2;
    s->readers = calloc(s->readers_max, sizeof *s->readers);
    if (!s->readers)
        return set_err(err, TY_ERR_NOMEM, NULL, -1, "out of memory");
    if ((st = ty_tm_open(path, TY_TM_READONLY | TY_TM_POOLED, &first, err)) != TY_OK)
        return st;
    s->readers[s->nreaders++] = first;
    s->readers_open = 1;
    if (!s->opts.read_only && (st = ty_tm_open(path, TY_TM_POOLED, &s->writer, err)) != TY_OK)
        return st;
    return TY_OK;
}

void sv_server_fini(sv_server *s)
{
    for (size_t i = 0; i < s->nreaders; i++)
        ty_tm_close(s->readers[i]);
    free(s->readers);
    ty_tm_close(s->writer);
    for (size_t i = 0; i < s->ntokens; i++) {
        free(s->tokens[i].name);
        free(s->tokens[i].token);
    }
    free(s->tokens);
    free(s->path);
    free(s->user);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->write_lock);
    pthread_cond_destroy(&s->freed);
}

ty_tm *sv_reader_get(sv_server *s, ty_error *err)
{
    ty_tm *tm = NULL;

    pthread_mutex_lock(&s->lock);
    while (s->nreaders == 0 && s->readers_open >= s->readers_max)
        pthread_cond_wait(&s->freed, &s->lock);
    if (s->nreaders > 0) {
        tm = s->readers[--s->nreaders];
        pthread_mutex_unlock(&s->lock);
        return tm;
    }
    s->readers_open++;
    pthread_mutex_unlock(&s->lock);
    if (ty_tm_open(s->path, TY_TM_READONLY | TY_TM_POOLED, &tm, err) != TY_OK) {
        pthread_mutex_lock(&s->lock);
        s->readers_open--;
        pthread_cond_signal(&s->freed);
        pthread_mutex_unlock(&s->lock);
        return NULL;
    }
    return tm;
}

void sv_reader_put(sv_server *s, ty_tm *tm)
{
    if (!tm)
        return;
    pthread_mutex_lock(&s->lock);
    s->readers[s->nreaders++] = tm;
    pthread_cond_signal(&s->freed);
    pthread_mutex_unlock(&s->lock);
}
