/*
 * buf.c — a growing byte buffer for answers, and writing JSON strings and numbers into it.
 * It escapes what could be read as markup ('<', '>', '&') as well as what JSON requires, and
 * replaces bytes that are not UTF-8, so an answer is well-formed JSON whatever the memory
 * holds. It does not read JSON (json_read.c).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

static int grow(sv_buf *b, size_t more)
{
    if (b->oom)
        return -1;
    if (b->len + more + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

void sv_buf_put(sv_buf *b, const char *s, size_t n)
{
    if (grow(b, n))
        return;
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void sv_buf_puts(sv_buf *b, const char *s)
{
    sv_buf_put(b, s, strlen(s));
}

void sv_buf_printf(sv_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;

    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        sv_buf_put(b, small, (size_t)n);
        return;
    }
    if (grow(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sv_json_strn(sv_buf *b, const char *s, size_t n)
{
    size_t i = 0;

    sv_buf_put(b, "\"", 1);
    while (i < n) {
        size_t ok = ty_utf8_check(s + i, n - i);
        /* the well-formed run, escaping what must be */
        size_t from = i, end = i + ok;
        while (i < end) {
            unsigned char ch = (unsigned char)s[i];
            const char *esc = NULL;
            char u[8];
            if (ch == '"')
                esc = "\\\"";
            else if (ch == '\\')
                esc = "\\\\";
            else if (ch == '\n')
                esc = "\\n";
            else if (ch == '\t')
                esc = "\\t";
            else if (ch == '\r')
                esc = "\\r";
            else if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&') {
                snprintf(u, sizeof u, "\\u%04x", ch);
                esc = u;
            } else if (ch == 0xE2 && i + 2 < end && (unsigned char)s[i + 1] == 0x80 &&
                       ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
                /* U+2028, U+2029: legal in JSON, line ends in older JavaScript */
                sv_buf_put(b, s + from, i - from);
                sv_buf_puts(b, (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
                i += 3;
                from = i;
                continue;
            }
            if (esc) {
                sv_buf_put(b, s + from, i - from);
                sv_buf_puts(b, esc);
                from = i + 1;
            }
            i++;
        }
        sv_buf_put(b, s + from, i - from);
        if (i < n) { /* a byte that does not start a well-formed sequence */
            sv_buf_puts(b, "\\ufffd");
            i++;
        }
    }
    sv_buf_put(b, "\"", 1);
}

void sv_json_str(sv_buf *b, const char *s)
{
    if (!s)
        sv_buf_puts(b, "null");
    else
        sv_json_strn(b, s, strlen(s));
}

void sv_json_conf(sv_buf *b, double confidence)
{
    if (confidence < 0)
        sv_buf_puts(b, "null");
    else
        sv_buf_printf(b, "%.3f", confidence);
}

void sv_json_parts(sv_buf *b, const char *text, const size_t *spans, size_t nspans)
{
    size_t at = 0, len = strlen(text);
    int first = 1;

    sv_buf_puts(b, "[");
    for (size_t k = 0; k <= nspans; k++) {
        size_t start = k < nspans ? spans[2 * k] : len;
        size_t end = k < nspans ? spans[2 * k + 1] : len;
        if (start < at || end < start || end > len) /* out of order or past the end: the rest
                                                       unmarked */
            start = end = len;
        if (start > at) {
            sv_buf_puts(b, first ? "{\"text\":" : ",{\"text\":");
            sv_json_strn(b, text + at, start - at);
            sv_buf_puts(b, ",\"hit\":false}");
            first = 0;
        }
        if (end > start) {
            sv_buf_puts(b, first ? "{\"text\":" : ",{\"text\":");
            sv_json_strn(b, text + start, end - start);
            sv_buf_puts(b, ",\"hit\":true}");
            first = 0;
        }
        at = end;
        if (at == len)
            break;
    }
    sv_buf_puts(b, "]");
}

void sv_buf_free(sv_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}
