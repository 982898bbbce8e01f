/*
 * drop.c — the boilerplate list (ty_droplist): the built-in entries (drop-default.txt,
 * compiled in), entries from files and single ones; exact entries are kept sorted for binary
 * search, prefix entries (a final '*') in a short list scanned in order. It does not read
 * documents: segment/read.c asks it about each line.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "base/alloc.h"
#include "base/error.h"

struct ty_droplist {
    char **exact;
    size_t nexact, cap;
    char **prefix;
    size_t nprefix, pcap;
};

static const char builtin[] =
#include "src/formats/drop-default.inc"
    ;

ty_status ty_droplist_add(ty_droplist *drop, const char *utf8, ty_error *err)
{
    size_t len = utf8 ? strlen(utf8) : 0, nlen;
    int prefix = len > 0 && utf8[len - 1] == '*';
    char *norm;

    if (!drop || !utf8)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "ty_droplist_add: NULL argument");
    if (!(norm = ty_normalize(utf8, len - (size_t)prefix, &nlen)))
        return ty__nomem(err);
    if (nlen == 0) {
        free(norm);
        return TY_OK;
    }
    if (prefix) {
        if (drop->nprefix == drop->pcap &&
            ty__grow((void **)&drop->prefix, &drop->pcap, drop->nprefix + 1, sizeof(char *)))
            goto nomem;
        drop->prefix[drop->nprefix++] = norm;
    } else {
        if (drop->nexact == drop->cap &&
            ty__grow((void **)&drop->exact, &drop->cap, drop->nexact + 1, sizeof(char *)))
            goto nomem;
        size_t at = drop->nexact; /* kept sorted: lists are short, lookups many */
        while (at > 0 && strcmp(drop->exact[at - 1], norm) > 0)
            at--;
        memmove(drop->exact + at + 1, drop->exact + at, (drop->nexact - at) * sizeof(char *));
        drop->exact[at] = norm;
        drop->nexact++;
    }
    return TY_OK;
nomem:
    free(norm);
    return ty__nomem(err);
}

/* Add the lines of text[0, len) ('#' comments and blank lines skipped); `name` for messages. */
static ty_status add_lines(ty_droplist *drop, const char *text, size_t len, const char *name,
                           ty_error *err)
{
    size_t i = 0;
    long line = 0;
    char buf[1024];

    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len, n = e - i;
        ty_status st;
        line++;
        if (n > 0 && text[i + n - 1] == '\r')
            n--;
        if (n > 0 && text[i] != '#') {
            if (n >= sizeof buf)
                return ty__fail(err, TY_ERR_FORMAT, name, line, -1,
                                "a line of %zu bytes (at most %zu)", n, sizeof buf - 1);
            memcpy(buf, text + i, n);
            buf[n] = '\0';
            if ((st = ty_droplist_add(drop, buf, err)) != TY_OK)
                return st;
        }
        i = e + 1;
    }
    return TY_OK;
}

ty_status ty_droplist_new(ty_droplist **out, ty_error *err)
{
    ty_droplist *drop = calloc(1, sizeof *drop);
    ty_status st;

    *out = NULL;
    if (!drop)
        return ty__nomem(err);
    if ((st = add_lines(drop, builtin, sizeof builtin - 1, "drop-default.txt", err)) != TY_OK) {
        ty_droplist_free(drop);
        return st;
    }
    *out = drop;
    return TY_OK;
}

ty_status ty_droplist_add_file(ty_droplist *drop, const char *path, ty_error *err)
{
    ty_decode_opts opts;
    ty_text *text = NULL;
    const char *s;
    size_t len;
    ty_status st;

    if (!drop || !path)
        return ty__fail(err, TY_ERR_INVALID, path, -1, -1, "no list or no file");
    ty_decode_opts_init(&opts);
    opts.encoding = "UTF-8";
    if ((st = ty_text_read_file(path, &opts, &text, err)) != TY_OK)
        return st;
    s = ty_text_utf8(text, &len);
    st = add_lines(drop, s, len, path, err);
    ty_text_free(text);
    return st;
}

int ty__droplist_has(const ty_droplist *drop, const char *norm, size_t len)
{
    size_t lo = 0, hi;

    if (!drop || len == 0)
        return 0;
    hi = drop->nexact;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strncmp(drop->exact[mid], norm, len);
        if (c == 0 && drop->exact[mid][len] != '\0')
            c = 1;
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = 0; k < drop->nprefix; k++) {
        size_t pl = strlen(drop->prefix[k]);
        if (pl <= len && !memcmp(drop->prefix[k], norm, pl))
            return 1;
    }
    return 0;
}

void ty_droplist_free(ty_droplist *drop)
{
    if (!drop)
        return;
    for (size_t i = 0; i < drop->nexact; i++)
        free(drop->exact[i]);
    for (size_t i = 0; i < drop->nprefix; i++)
        free(drop->prefix[i]);
    free(drop->exact);
    free(drop->prefix);
    free(drop);
}
