/*
 * walk.c — the files of a folder, recursively: regular files (symbolic links followed, a
 * folder reached twice through links read once), hidden files and folders (a leading '.')
 * left out, as paths relative to the folder, sorted byte-wise so that a walk is the same on
 * every run. It reads no file (read.c does).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/error.h"
#include "batch.h"

/* Folders deep and files many: beyond these an archive is a mistake (a walk from /). */
#define TY__WALK_MAX_DEPTH 64
#define TY__WALK_MAX_FILES ((size_t)1 << 22)

typedef struct seen {
    dev_t *dev;
    ino_t *ino;
    size_t n, cap;
} seen;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static ty_status add(ty__files *f, char *rel, const char *root, ty_error *err)
{
    if (f->n == TY__WALK_MAX_FILES) {
        free(rel);
        return ty__fail(err, TY_ERR_TOOBIG, root, -1, -1, "more than %zu files",
                        (size_t)TY__WALK_MAX_FILES);
    }
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 256;
        char **v = realloc(f->v, cap * sizeof *v);
        if (!v) {
            free(rel);
            return ty__nomem(err);
        }
        f->v = v;
        f->cap = cap;
    }
    f->v[f->n++] = rel;
    return TY_OK;
}

static ty_status walk(ty__files *f, seen *s, const char *root, const char *rel, int depth,
                      ty_error *err)
{
    char *dir = NULL;
    DIR *d = NULL;
    struct dirent *de;
    struct stat sb;
    ty_status st = TY_OK;
    size_t rl = strlen(rel);

    if (depth > TY__WALK_MAX_DEPTH)
        return ty__fail(err, TY_ERR_TOOBIG, root, -1, -1, "folders nested more than %d deep",
                        TY__WALK_MAX_DEPTH);
    if (!(dir = malloc(strlen(root) + rl + 2)))
        return ty__nomem(err);
    sprintf(dir, rl ? "%s/%s" : "%s%s", root, rel);
    if (stat(dir, &sb) != 0 || !(d = opendir(dir))) {
        st = ty__fail(err, TY_ERR_IO, dir, -1, -1, "cannot read the folder: %s", strerror(errno));
        goto done;
    }
    for (size_t i = 0; i < s->n; i++)
        if (s->dev[i] == sb.st_dev && s->ino[i] == sb.st_ino)
            goto done; /* reached before, through a link */
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        dev_t *dv = realloc(s->dev, cap * sizeof *dv);
        if (dv)
            s->dev = dv;
        ino_t *in = realloc(s->ino, cap * sizeof *in);
        if (in)
            s->ino = in;
        if (!dv || !in) {
            st = ty__nomem(err);
            goto done;
        }
        s->cap = cap;
    }
    s->dev[s->n] = sb.st_dev;
    s->ino[s->n++] = sb.st_ino;
    while ((errno = 0, de = readdir(d))) {
        char *child, *path;
        struct stat cb;
        if (de->d_name[0] == '.')
            continue;
        if (!(child = malloc(rl + strlen(de->d_name) + 2)))
            goto nomem;
        sprintf(child, rl ? "%s/%s" : "%s%s", rel, de->d_name);
        if (!(path = malloc(strlen(root) + strlen(child) + 2))) {
            free(child);
            goto nomem;
        }
        sprintf(path, "%s/%s", root, child);
        if (stat(path, &cb) != 0) {
            free(path);
            free(child);
            continue; /* a dangling link */
        }
        free(path);
        if (S_ISDIR(cb.st_mode)) {
            st = walk(f, s, root, child, depth + 1, err);
            free(child);
        } else if (S_ISREG(cb.st_mode)) {
            st = add(f, child, root, err);
        } else {
            free(child);
        }
        if (st != TY_OK)
            goto done;
    }
    if (errno)
        st = ty__fail(err, TY_ERR_IO, dir, -1, -1, "cannot read the folder: %s", strerror(errno));
    goto done;
nomem:
    st = ty__nomem(err);
done:
    if (d)
        closedir(d);
    free(dir);
    return st;
}

ty_status ty__walk(const char *root, ty__files *out, ty_error *err)
{
    seen s = {NULL, NULL, 0, 0};
    ty_status st;

    memset(out, 0, sizeof *out);
    st = walk(out, &s, root, "", 0, err);
    free(s.dev);
    free(s.ino);
    if (st != TY_OK) {
        ty__files_free(out);
        return st;
    }
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, cmp_str);
    return TY_OK;
}

void ty__files_free(ty__files *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->v[i]);
    free(f->v);
    memset(f, 0, sizeof *f);
}
