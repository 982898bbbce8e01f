/*
 * output.c — what an output path may be (ty_output_check, ty_same_file): never a translation
 * memory or any SQLite database or journal (recognized by their first bytes), never the memory
 * a command reads or one of the files SQLite keeps beside it, never a directory. It does not
 * write (atomic_file.c does, and asks ty__output_not_database first).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "output.h"

ty_status ty__output_not_database(const char *path, ty_error *err)
{
    static const unsigned char db[16] = "SQLite format 3";
    static const unsigned char wal[2][4] = {{0x37, 0x7f, 0x06, 0x82}, {0x37, 0x7f, 0x06, 0x83}};
    static const unsigned char journal[8] = {0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7};
    unsigned char head[16];
    struct stat sb;
    ssize_t got;
    int fd;

    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
        (fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
        return TY_OK;
    got = read(fd, head, sizeof head);
    close(fd);
    if (got == (ssize_t)sizeof head && !memcmp(head, db, sizeof db))
        return ty__fail(err, TY_ERR_INVALID, path, -1, -1,
                        "is an SQLite database (a translation memory?): not overwritten");
    if (got >= 8 && (!memcmp(head, wal[0], 4) || !memcmp(head, wal[1], 4) ||
                     !memcmp(head, journal, sizeof journal)))
        return ty__fail(err, TY_ERR_INVALID, path, -1, -1,
                        "is an SQLite journal (of a translation memory?): not overwritten");
    return TY_OK;
}

/* The path made absolute through its directory's real path (the file itself need not exist;
 * a symbolic link that is the last part is followed when it resolves). malloc'd, or NULL. */
static char *canonical(const char *path)
{
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
    char *dir, *real, *out;
    size_t n;

    if ((real = realpath(path, NULL)))
        return real;
    if (!(dir = strndup(path, slash ? (size_t)(slash - path) + (slash == path) : 0)))
        return NULL;
    real = realpath(*dir ? dir : ".", NULL);
    free(dir);
    if (!real)
        return NULL;
    n = strlen(real) + strlen(base) + 2;
    if ((out = malloc(n)))
        snprintf(out, n, "%s%s%s", real, real[strlen(real) - 1] == '/' ? "" : "/", base);
    free(real);
    return out;
}

int ty_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    char *ca, *cb;
    int same;

    if (!a || !b)
        return 0;
    if (!strcmp(a, "-") || !strcmp(b, "-"))
        return !strcmp(a, b);
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    ca = canonical(a);
    cb = canonical(b);
    same = ca && cb && !strcmp(ca, cb);
    free(ca);
    free(cb);
    return same;
}

ty_status ty_output_check(const char *path, const char *memory, ty_error *err)
{
    static const char *const sidecars[] = {"", "-wal", "-shm", "-journal"};
    struct stat sb;

    if (!path || !*path)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no output file given");
    if (!strcmp(path, "-"))
        return TY_OK;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return ty__fail(err, TY_ERR_IO, path, -1, -1, "is a directory");
    for (size_t i = 0; memory && i < sizeof sidecars / sizeof sidecars[0]; i++) {
        char side[PATH_MAX];
        if (snprintf(side, sizeof side, "%s%s", memory, sidecars[i]) >= (int)sizeof side)
            continue;
        if (ty_same_file(path, side))
            return ty__fail(err, TY_ERR_INVALID, path, -1, -1,
                            i ? "is a file of the translation memory %s: not overwritten"
                              : "is the translation memory %s: not overwritten",
                            memory);
    }
    return ty__output_not_database(path, err);
}
