/*
 * test_serve.c — taiyaku serve's parsing and writing helpers, table-driven: the JSON reader
 * (what it takes, what it refuses and where), percent-decoding and query parameters, JSON
 * strings as answers write them (markup characters and bytes that are not UTF-8 escaped),
 * marked parts, the default thread count, and the routes' safety answers on a server without
 * a socket.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve/serve.h"
#include "tap.h"

static void json_reader(void)
{
    static const struct {
        const char *in;
        const char *want; /* the first member's string or number, "" for none; NULL: refused */
    } cases[] = {
        {"{\"a\":\"x\"}", "x"},
        {" { \"a\" : 12.5e1 } ", "125"},
        {"{\"a\":\"\\u00e9\\ud83d\\ude00\"}", "é😀"},
        {"{\"a\":\"\\/\\\"\\\\\\n\"}", "/\"\\\n"},
        {"[1,2,[3,{\"k\":null}]]", ""},
        {"{}", ""},
        {"{\"a\":\"\\u0000\"}", NULL},
        {"{\"a\":\"\\ud800\"}", NULL},
        {"{\"a\":\"\xff\"}", NULL},
        {"{\"a\":\"x\"} 1", NULL},
        {"{\"a\":01}", NULL},
        {"{\"a\":tru}", NULL},
        {"{\"a\" 1}", NULL},
        {"{\"a\":\"x\",}", NULL},
        {"[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]", NULL},
        {"", NULL},
        {"\"a\nb\"", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sv_json *v = NULL;
        char msg[200], got[64] = "";
        int rc = sv_json_parse(cases[i].in, strlen(cases[i].in), &v, msg, sizeof msg);
        if (!cases[i].want) {
            ty_ok(rc == -1 && strstr(msg, "bad JSON at byte") != NULL, "json %zu refused (%s)", i,
                  rc ? msg : "taken");
        } else {
            if (rc == 0 && v->type == SV_JOBJ && v->n) {
                if (v->items[0].type == SV_JSTR)
                    snprintf(got, sizeof got, "%s", v->items[0].str);
                else if (v->items[0].type == SV_JNUM)
                    snprintf(got, sizeof got, "%g", v->items[0].num);
            }
            ty_ok(rc == 0, "json %zu taken", i);
            ty_is_str(got, cases[i].want, "json %zu: its first member", i);
        }
        sv_json_free(v);
    }
}

static void urls(void)
{
    static const struct {
        const char *in, *want; /* NULL: refused */
        int plus;
    } cases[] = {
        {"a%20b", "a b", 0},         {"a+b", "a+b", 0},         {"a+b", "a b", 1},
        {"%E5%86%92", "冒", 0},       {"%e5%86%92", "冒", 0},    {"%E5%86", NULL, 0},
        {"%00", NULL, 0},            {"%4", NULL, 0},           {"%zz", NULL, 0},
        {"", "", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = sv_url_decode(cases[i].in, strlen(cases[i].in), cases[i].plus);
        if (!cases[i].want)
            ty_ok(got == NULL, "url %zu '%s' refused", i, cases[i].in);
        else
            ty_is_str(got ? got : "(refused)", cases[i].want, "url %zu decoded", i);
        free(got);
    }
    static const struct {
        const char *query, *name, *want;
        int bad;
    } params[] = {
        {"q=a&from=en", "from", "en", 0}, {"q=a&from=en", "q", "a", 0},
        {"qq=a&q=b", "q", "b", 0},        {"q", "q", "", 0},
        {"q=%ZZ", "q", NULL, 1},          {"x=1", "q", NULL, 0},
        {NULL, "q", NULL, 0},
    };
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        int bad = -1;
        char *got = sv_query_get(params[i].query, params[i].name, &bad);
        ty_ok(bad == params[i].bad && (got && params[i].want ? !strcmp(got, params[i].want)
                                                             : got == params[i].want),
              "query %zu: %s", i, got ? got : "(none)");
        free(got);
    }
}

static void writing(void)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"<script>&", "\"\\u003cscript\\u003e\\u0026\""},
        {"a\"b\\c\n\t\x01", "\"a\\\"b\\\\c\\n\\t\\u0001\""},
        {"x\xffy", "\"x\\ufffdy\""},
        {"\xe2\x80\xa8", "\"\\u2028\""},
        {"日本", "\"日本\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sv_buf b = {0};
        sv_json_str(&b, cases[i].in);
        ty_is_str(b.p, cases[i].want, "json string %zu", i);
        sv_buf_free(&b);
    }
    size_t spans[] = {2, 4, 6, 7};
    sv_buf b = {0};
    sv_json_parts(&b, "abcdefgh", spans, 2);
    ty_is_str(b.p,
              "[{\"text\":\"ab\",\"hit\":false},{\"text\":\"cd\",\"hit\":true},{\"text\":\"ef\","
              "\"hit\":false},{\"text\":\"g\",\"hit\":true},{\"text\":\"h\",\"hit\":false}]",
              "parts: the spans marked");
    sv_buf_free(&b);
    size_t wild[] = {5, 3};
    sv_json_parts(&b, "abcdef", wild, 1);
    ty_is_str(b.p, "[{\"text\":\"abcdef\",\"hit\":false}]", "parts: a span out of order: none");
    sv_buf_free(&b);
}

/* The safety answers of sv_handle, on a server over a small memory, without a socket. */
static void safety(void)
{
    char path[] = "/tmp/taiyaku-test-serve.XXXXXX";
    ty_unit u = {0};
    ty_tm *tm;
    ty_error e;
    sv_server s;
    ty_serve_opts o;
    int fd = mkstemp(path);

    close(fd);
    unlink(path);
    u.ja = "冒頭発言";
    u.en = "Opening Remarks";
    u.confidence = -1;
    ty_tm_docinfo info = {"t", NULL, NULL, "2024-01-01T00:00:00Z"};
    if (ty_tm_open(path, TY_TM_CREATE, &tm, &e) != TY_OK ||
        ty_tm_add_units(tm, &info, &u, 1, NULL, &e) != TY_OK) {
        ty_ok(0, "a memory for the server: %s", e.message);
        return;
    }
    ty_tm_close(tm);
    ty_serve_opts_init(&o);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    ty_is_int(o.threads, cpus < 2 ? 2 : cpus > 64 ? 64 : cpus,
              "threads by default: the processors (%ld here), 2 to 64", cpus);
    o.read_only = 1;
    ty_ok(sv_server_init(&s, path, &o, &e) == TY_OK, "a read-only server");
    ty_is_int((long long)s.readers_max, (long long)o.threads + 2,
              "readers: one per thread and two more");
    s.loopback = 1;
    s.port = 8080;
    static const struct {
        const char *method, *path, *query, *host;
        int want;
    } cases[] = {
        {"GET", "/", NULL, "127.0.0.1:8080", 200},
        {"GET", "/api/lookup", "q=%E5%86%92%E9%A0%AD%E7%99%BA%E8%A8%80", "localhost:8080", 200},
        {"GET", "/api/lookup", "q=x", "evil.example:8080", 403},
        {"GET", "/api/lookup", "q=x", "127.0.0.1:9999", 403},
        {"POST", "/api/ignore", NULL, "127.0.0.1:8080", 403},
        {"DELETE", "/api/ignore", NULL, "127.0.0.1:8080", 405},
        {"GET", "/nothing", NULL, "127.0.0.1:8080", 404},
        {"GET", "/tmserver/fr/en/unit/x", NULL, "127.0.0.1:8080", 404},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sv_req rq = {.method = cases[i].method, .path = cases[i].path, .query = cases[i].query,
                     .host = cases[i].host};
        sv_resp rs;
        sv_handle(&s, &rq, &rs);
        ty_is_int(rs.status, cases[i].want, "%s %s (Host %s)", cases[i].method, cases[i].path,
                  cases[i].host);
        sv_resp_free(&rs);
    }
    sv_server_fini(&s);
    unlink(path);
    char side[64];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

int main(void)
{
    json_reader();
    urls();
    writing();
    safety();
    return ty_done();
}
