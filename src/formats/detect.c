/*
 * detect.c — the formats' names and detection by content: PDF by its %PDF- header, .docx by
 * the zip signature, law XML and HTML by their first element. It does not read any format.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "formats.h"

static const char *const names[] = {"auto", "text", "html", "docx", "pdf", "lawxml"};

const char *ty_format_name(ty_format format)
{
    if ((int)format < 0 || (size_t)format >= sizeof names / sizeof *names)
        return NULL;
    return names[format];
}

int ty_format_parse(const char *s, ty_format *out)
{
    if (!s)
        return -1;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcasecmp(s, names[i])) {
            *out = (ty_format)i;
            return 0;
        }
    return -1;
}

/* The first occurrence of needle[0, k) in s[0, n), or NULL. */
static const char *find(const char *s, size_t n, const char *needle, size_t k)
{
    for (size_t i = 0; i + k <= n; i++)
        if (s[i] == needle[0] && !memcmp(s + i, needle, k))
            return s + i;
    return NULL;
}

/* Whether s[i, n) starts with `word` (ASCII, case-insensitive) followed by a character that
 * ends a tag name. */
static int tag_is(const char *s, size_t n, size_t i, const char *word)
{
    size_t k = strlen(word);
    if (i + k > n || strncasecmp(s + i, word, k) != 0)
        return 0;
    return i + k == n || strchr(" \t\r\n>/:", s[i + k]) != NULL;
}

/* The first element's name starts at the returned offset (after a BOM, white space, the XML
 * declaration, comments, processing instructions and a doctype), or n when there is none. */
static size_t first_element(const char *s, size_t n)
{
    size_t i = 0;

    if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < n) {
        const char *end;
        if (strchr(" \t\r\n", s[i])) {
            i++;
            continue;
        }
        if (s[i] != '<' || i + 1 >= n)
            return n;
        if (s[i + 1] == '?' || s[i + 1] == '!') {
            const char *close = s[i + 1] == '!' && i + 4 <= n && !memcmp(s + i, "<!--", 4) ? "-->"
                                                                                          : ">";
            end = find(s + i, n - i, close, strlen(close));
            if (!end)
                return n;
            i = (size_t)(end - s) + strlen(close);
            continue;
        }
        return i + 1;
    }
    return n;
}

ty_format ty_format_detect(const void *bytes, size_t len)
{
    static const char *const html_tags[] = {"html", "head", "body", "meta", "title", "div",
                                            "p", "table", "link", "script", "style", "h1"};
    const char *s = bytes;
    size_t head = len < 1024 ? len : 1024, e;

    if (!s || len == 0)
        return TY_FORMAT_TEXT;
    if (find(s, head, "%PDF-", 5))
        return TY_FORMAT_PDF;
    if (len >= 4 && !memcmp(s, "PK\x03\x04", 4))
        return TY_FORMAT_DOCX;
    e = first_element(s, len);
    if (e < len) {
        if (tag_is(s, len, e, "Law") && !strncmp(s + e, "Law", 3))
            return TY_FORMAT_LAWXML;
        for (size_t k = 0; k < sizeof html_tags / sizeof *html_tags; k++)
            if (tag_is(s, len, e, html_tags[k]))
                return TY_FORMAT_HTML;
    }
    /* a doctype that says html */
    for (size_t i = 0; i + 14 <= head; i++)
        if (s[i] == '<' && !strncasecmp(s + i, "<!doctype html", 14))
            return TY_FORMAT_HTML;
    return TY_FORMAT_TEXT;
}
