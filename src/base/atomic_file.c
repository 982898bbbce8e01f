/*
 * atomic_file.c — a temporary file beside the target, renamed over it when complete (the
 * TMX writer, HTML reports and the lexicon cache write through it). A target that is an SQLite
 * database or journal is refused (output.c); one that is not a regular file (a device, a pipe)
 * is written directly. It does not lock: two writers of one target each put a whole file in
 * place, the last one wins.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic_file.h"
#include "error.h"
#include "output.h"

struct ty__afile {
    FILE *fp;
    char *path;  /* the target */
    char *tmp;   /* the temporary file's name (room for any attempt) */
    int named;   /* whether a file has that name (an O_TMPFILE one has none until the commit) */
    int direct;  /* the target itself is written (not a regular file: open_direct) */
    size_t dirlen;
    long long written;
};

/* Pick a temporary file name next to the target for attempt `attempt`. */
static void temp_name(ty__afile *f, unsigned attempt)
{
    snprintf(f->tmp, strlen(f->path) + 64, "%.*s.%s.%ld-%u.tmp", (int)f->dirlen, f->path,
             f->path + f->dirlen, (long)getpid(),
             attempt + (unsigned)(time(NULL) & 0xffff) * 100u);
}

/* An unnamed file in the target's directory (O_TMPFILE), when the kernel, the file system and
 * /proc (to link it at the end without privileges) allow it; -1 otherwise. */
static int open_unnamed(const ty__afile *f)
{
#ifdef O_TMPFILE
    char dir[4096];
    if (f->dirlen >= sizeof dir || access("/proc/self/fd", X_OK) != 0)
        return -1;
    if (f->dirlen == 0)
        strcpy(dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)f->dirlen, f->path);
    return open(dir, O_WRONLY | O_TMPFILE | O_CLOEXEC, 0666);
#else
    (void)f;
    return -1;
#endif
}

/* Give the unnamed temporary file behind fd a name (trying others while they exist), so that
 * it can be renamed over the target. */
static ty_status link_unnamed(ty__afile *f, int fd, ty_error *err)
{
    char proc[64];

    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        temp_name(f, attempt);
        if (linkat(AT_FDCWD, proc, AT_FDCWD, f->tmp, AT_SYMLINK_FOLLOW) == 0) {
            f->named = 1;
            return TY_OK;
        }
        if (errno != EEXIST)
            break;
    }
    return ty__fail(err, TY_ERR_IO, f->path, -1, -1, "cannot name the temporary file: %s",
                    strerror(errno));
}

static void afile_free(ty__afile *f)
{
    if (f->fp)
        fclose(f->fp);
    if (f->named)
        unlink(f->tmp);
    free(f->tmp);
    free(f->path);
    free(f);
}

/* A target that exists and is not a regular file (a terminal, /dev/stdout, a pipe) is
 * written directly: renaming a file over it would replace the device or the pipe. */
static ty_status open_direct(ty__afile *f, ty__afile **out, ty_error *err)
{
    int fd = open(f->path, O_WRONLY | O_CLOEXEC | O_NOCTTY);

    f->direct = 1;
    if (fd < 0 || !(f->fp = fdopen(fd, "wb"))) {
        ty_status rc = ty__fail(err, TY_ERR_IO, f->path, -1, -1, "cannot open: %s",
                                strerror(errno));
        if (fd >= 0)
            close(fd);
        afile_free(f);
        return rc;
    }
    *out = f;
    return TY_OK;
}

ty_status ty__afile_open(const char *path, ty__afile **out, ty_error *err)
{
    const char *slash = strrchr(path, '/');
    struct stat st;
    ty__afile *f;
    ty_status rc;

    *out = NULL;
    if (!*(slash ? slash + 1 : path))
        return ty__fail(err, TY_ERR_INVALID, path, -1, -1, "not a file name");
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return ty__fail(err, TY_ERR_IO, path, -1, -1, "is a directory");
    if ((rc = ty__output_not_database(path, err)) != TY_OK)
        return rc;
    if (!(f = calloc(1, sizeof *f)) || !(f->path = strdup(path)) ||
        !(f->tmp = malloc(strlen(path) + 64))) {
        if (f)
            free(f->path);
        free(f);
        return ty__nomem(err);
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return open_direct(f, out, err);
    f->dirlen = slash ? (size_t)(slash - path + 1) : 0;
    f->tmp[0] = '\0';
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        int fd = attempt == 0 ? open_unnamed(f) : -1;
        if (fd < 0) {
            temp_name(f, attempt);
            fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            if (fd < 0 && errno == EEXIST)
                continue;
            if (fd < 0) {
                rc = ty__fail(err, TY_ERR_IO, path, -1, -1,
                              "cannot create a temporary file in its directory: %s",
                              strerror(errno));
                afile_free(f);
                return rc;
            }
            f->named = 1;
        }
        if (!(f->fp = fdopen(fd, "wb"))) {
            int e = errno;
            close(fd);
            afile_free(f);
            return ty__fail(err, TY_ERR_IO, path, -1, -1, "cannot open a temporary file: %s",
                            strerror(e));
        }
        *out = f;
        return TY_OK;
    }
    afile_free(f);
    return ty__fail(err, TY_ERR_IO, path, -1, -1, "cannot pick a temporary file name");
}

FILE *ty__afile_stream(ty__afile *f)
{
    return f->fp;
}

ty_status ty__afile_write(ty__afile *f, const void *p, size_t n, ty_error *err)
{
    if (n && fwrite(p, 1, n, f->fp) != n)
        return ty__fail(err, TY_ERR_IO, f->path, -1, f->written, "cannot write: %s",
                        strerror(errno));
    f->written += (long long)n;
    return TY_OK;
}

ty_status ty__afile_commit(ty__afile *f, ty_error *err)
{
    ty_status rc = TY_OK;
    FILE *fp = f->fp;

    f->fp = NULL;
    if (f->direct) {
        int failed = fflush(fp) != 0 || ferror(fp);
        int e = errno;
        if (fclose(fp) != 0 && !failed)
            failed = 1, e = errno;
        if (failed)
            rc = ty__fail(err, TY_ERR_IO, f->path, -1, -1, "cannot write: %s", strerror(e));
        goto done;
    }
    if (fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
        rc = ty__fail(err, TY_ERR_IO, f->path, -1, -1, "cannot write: %s", strerror(errno));
        fclose(fp);
        goto done;
    }
    if (!f->named && (rc = link_unnamed(f, fileno(fp), err)) != TY_OK) {
        fclose(fp);
        goto done;
    }
    if (fclose(fp) != 0) {
        rc = ty__fail(err, TY_ERR_IO, f->path, -1, -1, "cannot write: %s", strerror(errno));
        goto done;
    }
    if (rename(f->tmp, f->path) != 0) {
        rc = ty__fail(err, TY_ERR_IO, f->path, -1, -1,
                      "cannot rename the temporary file %s: %s", f->tmp, strerror(errno));
        goto done;
    }
    f->named = 0; /* renamed: nothing to remove */
done:
    afile_free(f);
    return rc;
}

void ty__afile_abort(ty__afile *f)
{
    if (f)
        afile_free(f);
}
