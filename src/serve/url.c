/*
 * url.c — percent-decoding request targets and reading query parameters. A decoded text must
 * be UTF-8 without NUL bytes, or it is refused. It does not route (route.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "serve.h"

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

char *sv_url_decode(const char *s, size_t n, int plus)
{
    char *out = malloc(n + 1);
    size_t o = 0;

    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%') {
            out[o++] = plus && s[i] == '+' ? ' ' : s[i];
            continue;
        }
        int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
        int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
            free(out);
            return NULL;
        }
        out[o++] = (char)(hi * 16 + lo);
        i += 2;
    }
    out[o] = '\0';
    if (memchr(out, '\0', o) || ty_utf8_check(out, o) < o) {
        free(out);
        return NULL;
    }
    return out;
}

char *sv_query_get(const char *query, const char *name, int *bad)
{
    size_t nl = strlen(name);

    *bad = 0;
    if (!query)
        return NULL;
    for (const char *p = query; *p;) {
        const char *end = strchr(p, '&');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len >= nl && !strncmp(p, name, nl) && (len == nl || p[nl] == '=')) {
            const char *v = len == nl ? p + nl : p + nl + 1;
            char *d = sv_url_decode(v, (size_t)(p + len - v), 1);
            if (!d)
                *bad = 1;
            return d;
        }
        p += len;
        if (*p == '&')
            p++;
    }
    return NULL;
}
