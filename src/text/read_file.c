/*
 * read_file.c — ty_text_read_file: reads a whole file (or standard input for "-") into one
 * buffer (ty__read_bytes, also for the document readers) and hands it to the decoder, which
 * keeps it when it is UTF-8 (map_file.c maps a large one instead). One-line errors
 * naming the file: missing, a directory, unreadable, over the size cap. No decoding here.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/error.h"
#include "text.h"

static ty_status too_big(const char *name, ty_error *err)
{
    return ty__fail(err, TY_ERR_TOOBIG, name, -1, -1, "input is over the %zu MiB limit",
                    TY__TEXT_MAX >> 20);
}

/* Read everything from fd into a malloc'd buffer with one spare byte (for a NUL). */
static ty_status read_all(int fd, const char *name, size_t hint, char **buf, size_t *len,
                          ty_error *err)
{
    size_t cap = hint + 2, n = 0; /* the file's size, a byte to see EOF, and the NUL */
    char *b = malloc(cap);

    if (!b)
        return ty__nomem(err);
    ty__advise_huge(b, cap);
    for (;;) {
        ssize_t got;
        if (n + 1 >= cap) {
            size_t ncap = cap < 65536 ? 65536 : 2 * cap;
            char *nb;
            if (n > TY__TEXT_MAX) {
                free(b);
                return too_big(name, err);
            }
            if (ncap > TY__TEXT_MAX + 2)
                ncap = TY__TEXT_MAX + 2;
            if (!(nb = realloc(b, ncap))) {
                free(b);
                return ty__nomem(err);
            }
            b = nb;
            cap = ncap;
            ty__advise_huge(b, cap);
        }
        got = read(fd, b + n, cap - 1 - n);
        if (got < 0) {
            int e = errno;
            if (e == EINTR)
                continue;
            free(b);
            if (e == EISDIR)
                return ty__fail(err, TY_ERR_IO, name, -1, -1, "is a directory");
            return ty__fail(err, TY_ERR_IO, name, -1, -1, "cannot read: %s", strerror(e));
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    if (n > TY__TEXT_MAX) {
        free(b);
        return too_big(name, err);
    }
    *buf = b;
    *len = n;
    return TY_OK;
}

ty_status ty__read_bytes(const char *path, char **buf, size_t *len, ty_error *err)
{
    const char *name = path;
    int fd = -1;
    struct stat sb;
    size_t hint = 0;
    ty_status st;

    *buf = NULL;
    *len = 0;
    if (!strcmp(path, "-")) {
        name = "<stdin>";
        fd = STDIN_FILENO;
    } else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        int e = errno;
        return ty__fail(err, TY_ERR_IO, path, -1, -1, "cannot open: %s", strerror(e));
    }
    if (fstat(fd, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            st = ty__fail(err, TY_ERR_IO, name, -1, -1, "is a directory");
            goto done;
        }
        if (S_ISREG(sb.st_mode)) {
            if ((unsigned long long)sb.st_size > TY__TEXT_MAX) {
                st = too_big(name, err);
                goto done;
            }
            hint = (size_t)sb.st_size;
        }
    }
    st = read_all(fd, name, hint, buf, len, err);
done:
    if (fd > STDIN_FILENO)
        close(fd);
    return st;
}

ty_status ty_text_read_file(const char *path, const ty_decode_opts *opts, ty_text **out,
                            ty_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    ty_status st;

    if (!out || !path)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "ty_text_read_file: NULL argument");
    *out = NULL;
    if ((st = ty__read_bytes(path, &buf, &len, err)) != TY_OK)
        return st;
    return ty__text_decode_owned(buf, len, strcmp(path, "-") ? path : "<stdin>", opts, out, err);
}
