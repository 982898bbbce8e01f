/*
 * serve_load.c — a load client for taiyaku serve (tests/bench/serve-load.sh): C readers, each
 * on one keep-alive connection, sending GET requests taken in turn from a file of request
 * targets, and one editor (when a document id is given) sending review edits (accept, on the
 * document's first beads in turn) with a session token, for SECONDS. It prints requests,
 * requests/s, latency percentiles and errors (a status other than 200, or a broken
 * connection) for the readers and the editor. It asserts nothing.
 *   serve_load PORT SECONDS CLIENTS TARGETS-FILE [DOCUMENT]
 */
#define _GNU_SOURCE /* strcasestr */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct stats {
    double *lat; /* milliseconds */
    size_t n, cap, errors;
} stats;

static int port, seconds;
static char **targets;
static size_t ntargets;
static double start;
static long long document = -1;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void add(stats *s, double ms)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 1024;
        s->lat = realloc(s->lat, s->cap * sizeof *s->lat);
        if (!s->lat)
            abort();
    }
    s->lat[s->n++] = ms;
}

static int connect_to(void)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a)) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* Send a request and read its answer: the status, the body into buf (NUL-terminated, cut at
 * size); -1 when the connection broke. */
static int exchange(int fd, const char *req, size_t len, char *buf, size_t size)
{
    static __thread char in[1 << 16];
    size_t have = 0, need = 0, head = 0;
    int status = -1;

    for (size_t off = 0; off < len;) {
        ssize_t w = write(fd, req + off, len - off);
        if (w <= 0)
            return -1;
        off += (size_t)w;
    }
    for (;;) {
        ssize_t r = read(fd, in + have, sizeof in - 1 - have);
        if (r <= 0)
            return -1;
        have += (size_t)r;
        in[have] = '\0';
        if (!head) {
            char *end = strstr(in, "\r\n\r\n");
            if (!end)
                continue;
            head = (size_t)(end - in) + 4;
            status = atoi(in + 9);
            char *cl = strcasestr(in, "\r\nContent-Length:");
            need = cl ? (size_t)strtoul(cl + 17, NULL, 10) : 0;
            if (head + need > sizeof in - 1)
                return -1;
        }
        if (have >= head + need) {
            size_t n = need < size - 1 ? need : size - 1;
            memcpy(buf, in + head, n);
            buf[n] = '\0';
            return status;
        }
    }
}

static void *reader(void *arg)
{
    stats *s = arg;
    char req[8192], body[256];
    size_t i = (size_t)rand();
    int fd = connect_to();

    while (now() - start < seconds) {
        const char *t = targets[i++ % ntargets];
        int len = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n", t, port);
        double t0 = now();
        int st = fd < 0 ? -1 : exchange(fd, req, (size_t)len, body, sizeof body);
        add(s, (now() - t0) * 1e3);
        if (st != 200) {
            s->errors++;
            if (st < 0) {
                if (fd >= 0)
                    close(fd);
                fd = connect_to();
            }
        }
    }
    if (fd >= 0)
        close(fd);
    return NULL;
}

static void *editor(void *arg)
{
    stats *s = arg;
    char req[1024], body[4096], session[64] = "";
    int fd = connect_to(), len;

    len = snprintf(req, sizeof req, "GET /api/session HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n", port);
    if (fd < 0 || exchange(fd, req, (size_t)len, body, sizeof body) != 200 ||
        sscanf(strstr(body, "\"session\":\"") ? strstr(body, "\"session\":\"") + 11 : "", "%32[0-9a-f]",
               session) != 1) {
        s->errors++;
        return NULL;
    }
    for (unsigned k = 0; now() - start < seconds; k++) {
        char json[128];
        int jl = snprintf(json, sizeof json, "{\"op\":\"accept\",\"bead\":%u}", k % 30);
        len = snprintf(req, sizeof req,
                       "POST /api/review/%lld/edit HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                       "Content-Type: application/json\r\nX-Taiyaku-Session: %s\r\n"
                       "Content-Length: %d\r\n\r\n%s",
                       document, port, session, jl, json);
        double t0 = now();
        int st = exchange(fd, req, (size_t)len, body, sizeof body);
        add(s, (now() - t0) * 1e3);
        if (st != 200) {
            s->errors++;
            if (st < 0) {
                close(fd);
                if ((fd = connect_to()) < 0)
                    return NULL;
            }
        }
    }
    close(fd);
    return NULL;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *what, stats *s, double secs)
{
    if (!s->n) {
        printf("%s: no requests, %zu errors\n", what, s->errors);
        return;
    }
    qsort(s->lat, s->n, sizeof *s->lat, cmp);
    printf("%s: %zu requests in %.1f s: %.0f requests/s; latency p50 %.1f ms, p99 %.1f ms, "
           "max %.1f ms; %zu errors\n",
           what, s->n, secs, (double)s->n / secs, s->lat[s->n / 2], s->lat[s->n * 99 / 100],
           s->lat[s->n - 1], s->errors);
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: serve_load PORT SECONDS CLIENTS TARGETS-FILE [DOCUMENT]\n");
        return 64;
    }
    port = atoi(argv[1]);
    seconds = atoi(argv[2]);
    int clients = atoi(argv[3]);
    FILE *f = fopen(argv[4], "r");
    char line[8192];
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!*line)
            continue;
        targets = realloc(targets, (ntargets + 1) * sizeof *targets);
        targets[ntargets++] = strdup(line);
    }
    if (f)
        fclose(f);
    if (!ntargets || clients < 1) {
        fprintf(stderr, "serve_load: no targets in %s\n", argv[4]);
        return 66;
    }
    if (argc > 5)
        document = atoll(argv[5]);
    pthread_t *th = calloc((size_t)clients + 1, sizeof *th);
    stats *st = calloc((size_t)clients + 1, sizeof *st);
    start = now();
    for (int i = 0; i < clients; i++)
        pthread_create(&th[i], NULL, reader, &st[i]);
    if (document >= 0)
        pthread_create(&th[clients], NULL, editor, &st[clients]);
    for (int i = 0; i < clients; i++)
        pthread_join(th[i], NULL);
    if (document >= 0)
        pthread_join(th[clients], NULL);
    double secs = now() - start;
    stats all = {0};
    for (int i = 0; i < clients; i++) {
        for (size_t k = 0; k < st[i].n; k++)
            add(&all, st[i].lat[k]);
        all.errors += st[i].errors;
    }
    char what[64];
    snprintf(what, sizeof what, "lookups, %d clients", clients);
    report(what, &all, secs);
    if (document >= 0)
        report("review edits, 1 client", &st[clients], secs);
    return 0;
}
