/*
 * files.c — reading a whole small file into memory (a glossary, a rules file), with a size cap
 * and one-line errors naming the file, and walking its lines (UTF-8 checked, comments and
 * blank lines skipped). It parses no line.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <unicode/utf8.h>

#include "consistency.h"
#include "base/error.h"

ty_status ty__file_read(const char *path, size_t max, const char *what, char **out, size_t *len,
                        ty_error *err)
{
    FILE *fp = fopen(path, "rb");
    struct stat sb;
    char *buf = NULL;
    size_t n = 0, cap, got;
    ty_status rc = TY_OK;

    if (!fp)
        return ty__fail(err, errno == ENOENT ? TY_ERR_NOTFOUND : TY_ERR_IO, path, -1, -1,
                        "cannot open: %s", strerror(errno));
    /* A regular file is read into a buffer of its size (one more byte to see that it did not
     * grow, and the terminating NUL); a pipe or a file that grows, in doubling steps. */
    cap = fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) && (size_t)sb.st_size <= max
              ? (size_t)sb.st_size + 2
              : 65536;
    for (;;) {
        if (n + 1 >= cap || !buf) {
            char *nb;
            if (buf)
                cap *= 2;
            if (!(nb = realloc(buf, cap))) {
                rc = ty__nomem(err);
                break;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (n > max) {
            rc = ty__fail(err, TY_ERR_TOOBIG, path, -1, -1, "%s of more than %zu MiB", what,
                          max >> 20);
            break;
        }
        if (got == 0)
            break;
    }
    if (rc == TY_OK && ferror(fp))
        rc = ty__fail(err, TY_ERR_IO, path, -1, -1, "cannot read: %s", strerror(errno));
    fclose(fp);
    if (rc != TY_OK) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return TY_OK;
}

ty_status ty__next_line(const char *path, char *buf, size_t len, ty__line *l, ty_error *err)
{
    for (;;) {
        char *line, *nl;
        size_t ll;
        int32_t i = 0;
        if (l->at == 0 && len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
            l->at = 3;
        if (l->at >= len) {
            l->text = NULL;
            return TY_OK;
        }
        line = buf + l->at;
        nl = memchr(line, '\n', len - l->at);
        ll = nl ? (size_t)(nl - line) : len - l->at;
        l->offset = (long long)l->at;
        l->at += ll + (nl != NULL);
        l->number++;
        if (ll && line[ll - 1] == '\r')
            ll--;
        if (memchr(line, '\0', ll))
            return ty__fail(err, TY_ERR_ENCODING, path, l->number, l->offset, "not UTF-8 text");
        while (i < (int32_t)ll) {
            UChar32 c;
            U8_NEXT(line, i, (int32_t)ll, c);
            if (c < 0)
                return ty__fail(err, TY_ERR_ENCODING, path, l->number, l->offset,
                                "not UTF-8 text");
        }
        line[ll] = '\0';
        if (ll == 0 || line[0] == '#' || strspn(line, " \t") == ll)
            continue;
        l->text = line;
        l->len = ll;
        return TY_OK;
    }
}

size_t ty__split_tabs(char *line, char **f, size_t max)
{
    size_t n = 0;
    char *p = line;
    while (n < max) {
        char *tab = strchr(p, '\t');
        f[n++] = p;
        if (!tab)
            return n;
        *tab = '\0';
        p = tab + 1;
    }
    return n + 1; /* more fields than max */
}
