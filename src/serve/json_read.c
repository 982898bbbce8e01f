/*
 * json_read.c — a strict JSON reader for request bodies (RFC 8259): objects, arrays,
 * strings, numbers, true, false, null, nested at most SV_JSON_DEPTH deep. Strings must be
 * UTF-8 and may not hold U+0000 (a \u escape of a lone surrogate is refused too). It builds
 * a small tree; it writes no JSON (buf.c does).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

typedef struct rd {
    const char *s;
    size_t len, i;
    char *msg;
    size_t msgsize;
    int failed;
} rd;

static int fail(rd *r, const char *what)
{
    if (!r->failed)
        snprintf(r->msg, r->msgsize, "bad JSON at byte %zu: %s", r->i, what);
    r->failed = 1;
    return -1;
}

static void skip_ws(rd *r)
{
    while (r->i < r->len &&
           (r->s[r->i] == ' ' || r->s[r->i] == '\t' || r->s[r->i] == '\n' || r->s[r->i] == '\r'))
        r->i++;
}

static int hex4(rd *r, unsigned *v)
{
    *v = 0;
    for (int k = 0; k < 4; k++) {
        if (r->i >= r->len)
            return fail(r, "a \\u escape cut short");
        char c = r->s[r->i++];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16;
        if (d == 16)
            return fail(r, "a \\u escape with a character that is not a hex digit");
        *v = *v * 16 + d;
    }
    return 0;
}

static void put_utf8(sv_buf *b, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    sv_buf_put(b, u, n);
}

static int string(rd *r, char **out)
{
    sv_buf b = {0};

    r->i++; /* the opening quote */
    for (;;) {
        if (r->i >= r->len) {
            sv_buf_free(&b);
            return fail(r, "a string without its closing quote");
        }
        unsigned char c = (unsigned char)r->s[r->i];
        if (c == '"') {
            r->i++;
            break;
        }
        if (c < 0x20) {
            sv_buf_free(&b);
            return fail(r, "a control character in a string");
        }
        if (c != '\\') {
            size_t run = r->i;
            while (run < r->len && r->s[run] != '"' && r->s[run] != '\\' &&
                   (unsigned char)r->s[run] >= 0x20)
                run++;
            size_t ok = ty_utf8_check(r->s + r->i, run - r->i);
            if (ok < run - r->i) {
                r->i += ok;
                sv_buf_free(&b);
                return fail(r, "a string that is not UTF-8");
            }
            sv_buf_put(&b, r->s + r->i, run - r->i);
            r->i = run;
            continue;
        }
        if (++r->i >= r->len) {
            sv_buf_free(&b);
            return fail(r, "an escape cut short");
        }
        c = (unsigned char)r->s[r->i++];
        unsigned cp;
        switch (c) {
        case '"': sv_buf_put(&b, "\"", 1); break;
        case '\\': sv_buf_put(&b, "\\", 1); break;
        case '/': sv_buf_put(&b, "/", 1); break;
        case 'b': sv_buf_put(&b, "\b", 1); break;
        case 'f': sv_buf_put(&b, "\f", 1); break;
        case 'n': sv_buf_put(&b, "\n", 1); break;
        case 'r': sv_buf_put(&b, "\r", 1); break;
        case 't': sv_buf_put(&b, "\t", 1); break;
        case 'u':
            if (hex4(r, &cp)) {
                sv_buf_free(&b);
                return -1;
            }
            if (cp >= 0xD800 && cp < 0xDC00) {
                unsigned lo;
                if (r->i + 1 >= r->len || r->s[r->i] != '\\' || r->s[r->i + 1] != 'u') {
                    sv_buf_free(&b);
                    return fail(r, "a lone surrogate");
                }
                r->i += 2;
                if (hex4(r, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
                    sv_buf_free(&b);
                    return fail(r, "a lone surrogate");
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp < 0xE000) {
                sv_buf_free(&b);
                return fail(r, "a lone surrogate");
            } else if (cp == 0) {
                sv_buf_free(&b);
                return fail(r, "U+0000 in a string");
            }
            put_utf8(&b, cp);
            break;
        default:
            sv_buf_free(&b);
            return fail(r, "an unknown escape");
        }
    }
    if (b.oom) {
        sv_buf_free(&b);
        return fail(r, "out of memory");
    }
    if (!b.p)
        b.p = calloc(1, 1);
    if (!b.p)
        return fail(r, "out of memory");
    *out = b.p;
    return 0;
}

static int number(rd *r, double *v)
{
    size_t start = r->i;
    if (r->i < r->len && r->s[r->i] == '-')
        r->i++;
    if (r->i >= r->len || r->s[r->i] < '0' || r->s[r->i] > '9')
        return fail(r, "not a value");
    if (r->s[r->i] == '0')
        r->i++;
    else
        while (r->i < r->len && r->s[r->i] >= '0' && r->s[r->i] <= '9')
            r->i++;
    if (r->i < r->len && r->s[r->i] == '.') {
        r->i++;
        if (r->i >= r->len || r->s[r->i] < '0' || r->s[r->i] > '9')
            return fail(r, "a number without digits after its point");
        while (r->i < r->len && r->s[r->i] >= '0' && r->s[r->i] <= '9')
            r->i++;
    }
    if (r->i < r->len && (r->s[r->i] == 'e' || r->s[r->i] == 'E')) {
        r->i++;
        if (r->i < r->len && (r->s[r->i] == '+' || r->s[r->i] == '-'))
            r->i++;
        if (r->i >= r->len || r->s[r->i] < '0' || r->s[r->i] > '9')
            return fail(r, "a number without digits in its exponent");
        while (r->i < r->len && r->s[r->i] >= '0' && r->s[r->i] <= '9')
            r->i++;
    }
    char tmp[64];
    size_t n = r->i - start;
    if (n >= sizeof tmp)
        return fail(r, "a number too long");
    memcpy(tmp, r->s + start, n);
    tmp[n] = '\0';
    *v = strtod(tmp, NULL);
    return 0;
}

static int value(rd *r, sv_json *v, int depth);

static int push(rd *r, sv_json *v, size_t *cap, sv_json **item)
{
    if (v->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 4;
        sv_json *p = realloc(v->items, nc * sizeof *p);
        if (!p)
            return fail(r, "out of memory");
        v->items = p;
        *cap = nc;
    }
    *item = &v->items[v->n++];
    memset(*item, 0, sizeof **item);
    return 0;
}

static int container(rd *r, sv_json *v, int depth)
{
    int obj = r->s[r->i] == '{';
    char close = obj ? '}' : ']';
    size_t cap = 0;

    if (depth >= SV_JSON_DEPTH)
        return fail(r, "nested too deep");
    v->type = obj ? SV_JOBJ : SV_JARR;
    r->i++;
    skip_ws(r);
    if (r->i < r->len && r->s[r->i] == close) {
        r->i++;
        return 0;
    }
    for (;;) {
        sv_json *item;
        char *key = NULL;
        skip_ws(r);
        if (obj) {
            if (r->i >= r->len || r->s[r->i] != '"')
                return fail(r, "a member name expected");
            if (string(r, &key))
                return -1;
            skip_ws(r);
            if (r->i >= r->len || r->s[r->i] != ':') {
                free(key);
                return fail(r, "':' expected");
            }
            r->i++;
        }
        if (push(r, v, &cap, &item)) {
            free(key);
            return -1;
        }
        item->key = key;
        if (value(r, item, depth + 1))
            return -1;
        skip_ws(r);
        if (r->i < r->len && r->s[r->i] == ',') {
            r->i++;
            continue;
        }
        if (r->i < r->len && r->s[r->i] == close) {
            r->i++;
            return 0;
        }
        return fail(r, obj ? "',' or '}' expected" : "',' or ']' expected");
    }
}

static int word(rd *r, const char *w)
{
    size_t n = strlen(w);
    if (r->len - r->i < n || memcmp(r->s + r->i, w, n))
        return fail(r, "not a value");
    r->i += n;
    return 0;
}

static int value(rd *r, sv_json *v, int depth)
{
    skip_ws(r);
    if (r->i >= r->len)
        return fail(r, "a value expected");
    switch (r->s[r->i]) {
    case '{':
    case '[': return container(r, v, depth);
    case '"': v->type = SV_JSTR; return string(r, &v->str);
    case 't': v->type = SV_JBOOL; v->num = 1; return word(r, "true");
    case 'f': v->type = SV_JBOOL; return word(r, "false");
    case 'n': v->type = SV_JNULL; return word(r, "null");
    default: v->type = SV_JNUM; return number(r, &v->num);
    }
}

static void clear(sv_json *v)
{
    for (size_t i = 0; i < v->n; i++)
        clear(&v->items[i]);
    free(v->items);
    free(v->str);
    free(v->key);
}

void sv_json_free(sv_json *v)
{
    if (!v)
        return;
    clear(v);
    free(v);
}

int sv_json_parse(const char *s, size_t len, sv_json **out, char *msg, size_t msgsize)
{
    rd r = {s, len, 0, msg, msgsize, 0};
    sv_json *v = calloc(1, sizeof *v);

    *out = NULL;
    if (!v) {
        snprintf(msg, msgsize, "out of memory");
        return -1;
    }
    if (value(&r, v, 0) == 0) {
        skip_ws(&r);
        if (r.i < r.len)
            fail(&r, "more after the value");
    }
    if (r.failed) {
        sv_json_free(v);
        return -1;
    }
    *out = v;
    return 0;
}

const sv_json *sv_json_get(const sv_json *obj, const char *key)
{
    if (!obj || obj->type != SV_JOBJ)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (obj->items[i].key && !strcmp(obj->items[i].key, key))
            return &obj->items[i];
    return NULL;
}
