/*
 * create.c — the files behind a memory being made: a new memory is built in a hidden file
 * beside its path (".NAME.taiyaku-new-PID-N"), which holds an flock(2) for as long as its
 * handle lives, and is given its name (link(2), so that a memory another process made
 * meanwhile is never replaced) once it is complete; readers never see a memory half made, and
 * one that is given up leaves nothing. Hidden files whose maker died (no flock on them) are
 * removed when the next memory of that name is made. Only files here: the SQLite connection
 * is open.c's.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "tm.h"

#define HIDDEN_MARK ".taiyaku-new-"

/* The files SQLite may keep beside a database. */
static const char *const sidecars[] = {"-journal", "-wal", "-shm"};

/* The directory part of path ("." when none) and the base name, into dir / base. */
static int split_path(const char *path, char *dir, size_t dsize, const char **base)
{
    const char *slash = strrchr(path, '/');
    int k;

    *base = slash ? slash + 1 : path;
    if (!slash)
        k = snprintf(dir, dsize, ".");
    else if (slash == path)
        k = snprintf(dir, dsize, "/");
    else
        k = snprintf(dir, dsize, "%.*s", (int)(slash - path), path);
    return k > 0 && (size_t)k < dsize ? 0 : -1;
}

static void remove_with_sidecars(const char *file)
{
    char side[4200];

    for (size_t i = 0; i < sizeof sidecars / sizeof sidecars[0]; i++)
        if (snprintf(side, sizeof side, "%s%s", file, sidecars[i]) < (int)sizeof side)
            unlink(side);
    unlink(file);
}

/* Whether s is "PID-N" (digits, '-', digits): the end of a hidden memory's own name, not of
 * one of its sidecars. */
static int pid_and_number(const char *s)
{
    size_t a = strspn(s, "0123456789"), b;

    if (a == 0 || s[a] != '-')
        return 0;
    b = strspn(s + a + 1, "0123456789");
    return b > 0 && s[a + 1 + b] == '\0';
}

/* Remove the hidden files of memories named `base` in `dir` whose makers died: nobody holds
 * their flock. */
static void remove_stale(const char *dir, const char *base)
{
    char prefix[600], file[4200];
    size_t np;
    struct dirent *d;
    DIR *dp;

    if (snprintf(prefix, sizeof prefix, ".%s" HIDDEN_MARK, base) >= (int)sizeof prefix ||
        !(dp = opendir(dir)))
        return;
    np = strlen(prefix);
    while ((d = readdir(dp))) {
        int fd;
        if (strncmp(d->d_name, prefix, np) != 0 || !pid_and_number(d->d_name + np))
            continue;
        if (snprintf(file, sizeof file, "%s/%s", dir, d->d_name) >= (int)sizeof file)
            continue;
        if ((fd = open(file, O_RDWR | O_CLOEXEC | O_NOFOLLOW)) < 0)
            continue;
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            remove_with_sidecars(file); /* its maker is gone */
        close(fd);
    }
    closedir(dp);
}

ty_status ty__tm_hidden_new(const char *path, char **hidden, int *lock_fd, ty_error *err)
{
    char dir[4096];
    const char *base;
    size_t cap;
    char *h;

    *hidden = NULL;
    *lock_fd = -1;
    if (split_path(path, dir, sizeof dir, &base) != 0 || !*base)
        return ty__fail(err, TY_ERR_INVALID, path, -1, -1, "not a file name");
    remove_stale(dir, base);
    cap = strlen(path) + sizeof HIDDEN_MARK + 48;
    if (!(h = malloc(cap)))
        return ty__nomem(err);
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        int fd;
        snprintf(h, cap, "%.*s.%s" HIDDEN_MARK "%ld-%u", (int)(base - path), path, base,
                 (long)getpid(), attempt);
        fd = open(h, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno == EEXIST)
            continue;
        if (fd < 0) {
            ty_status rc = ty__fail(err, errno == ENOENT ? TY_ERR_NOTFOUND : TY_ERR_IO, path, -1,
                                    -1, "cannot create: %s", strerror(errno));
            free(h);
            return rc;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) { /* another maker's, from another namespace */
            close(fd);
            continue;
        }
        *hidden = h;
        *lock_fd = fd;
        return TY_OK;
    }
    free(h);
    return ty__fail(err, TY_ERR_IO, path, -1, -1, "cannot pick a name for the new memory");
}

void ty__tm_hidden_discard(char *hidden, int lock_fd)
{
    if (hidden)
        remove_with_sidecars(hidden);
    if (lock_fd >= 0)
        close(lock_fd);
    free(hidden);
}

static void sync_dir(const char *path)
{
    char dir[4096];
    const char *base;
    int fd;

    if (split_path(path, dir, sizeof dir, &base) != 0 ||
        (fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
        return;
    (void)fsync(fd);
    close(fd);
}

ty_status ty__tm_hidden_publish(const char *hidden, int lock_fd, const char *path, ty_error *err)
{
    struct stat sb;

    if (fsync(lock_fd) != 0)
        return ty__fail(err, TY_ERR_IO, path, -1, -1, "cannot write: %s", strerror(errno));
    if (link(hidden, path) != 0) {
        int e = errno;
        if (e == EEXIST)
            return ty__fail(err, TY_ERR_IO, path, -1, -1,
                            "another process made this translation memory meanwhile");
        /* file systems without hard links: a rename, when nothing has the name */
        if ((e != EPERM && e != ENOTSUP && e != EOPNOTSUPP && e != EMLINK) ||
            lstat(path, &sb) == 0 || rename(hidden, path) != 0)
            return ty__fail(err, TY_ERR_IO, path, -1, -1, "cannot create: %s", strerror(e));
    } else {
        unlink(hidden);
    }
    sync_dir(path);
    return TY_OK;
}
