/*
 * fuzz_tmx_read.c — fuzz target for the TMX reader (and, through it, the writer). Any input:
 * the reader must not crash, flattened or with markup kept. Whatever it accepts with markup
 * kept is written as TMX (A); A must read back with the same number of units, and writing
 * what A reads must give the same bytes again (B == A): the writer's output is a fixed point
 * of read-then-write. A broken invariant aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "taiyaku.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct copy_ctx {
    ty_tmx_writer *w;
    size_t added;
} copy_ctx;

static ty_status count(const ty_unit *u, void *ud)
{
    if (!u->ja || !u->en || !*u->ja || !*u->en)
        abort(); /* the reader never hands over an empty side */
    (*(size_t *)ud)++;
    return TY_OK;
}

static ty_status copy(const ty_unit *u, void *ud)
{
    copy_ctx *c = ud;
    ty_error e;
    ty_status st = ty_tmx_writer_add(c->w, u, &e);
    if (st == TY_ERR_FORMAT)
        return TY_OK; /* markup that is well-formed XML but not TMX inline markup */
    if (st == TY_OK)
        c->added++;
    return st;
}

/* Read `path` (or the bytes) with markup kept and write it to `out`. Returns the number of
 * units written, or -1 when the input is not TMX the reader takes. */
static long read_write(const uint8_t *data, size_t size, const char *path, const char *out)
{
    ty_tmx_read_opts ro;
    ty_tmx_write_opts wo;
    copy_ctx c = {NULL, 0};
    ty_error e;
    ty_status st;

    ty_tmx_read_opts_init(&ro);
    ro.keep_markup = 1;
    ty_tmx_write_opts_init(&wo);
    wo.creation_time = 0;
    wo.markup = 1;
    wo.keep_unit_langs = 1;
    if (ty_tmx_writer_open(out, &wo, &c.w, &e) != TY_OK)
        abort();
    st = path ? ty_tmx_read(path, &ro, copy, &c, NULL, &e)
              : ty_tmx_read_memory(data, size, "fuzz", &ro, copy, &c, NULL, &e);
    if (st != TY_OK) {
        ty_tmx_writer_abort(c.w);
        if (st == TY_ERR_INVALID || st == TY_ERR_INTERNAL)
            abort(); /* a language code the reader took and the writer refused, or a bug */
        return -1;
    }
    if (ty_tmx_writer_close(c.w, &e) != TY_OK)
        abort();
    return (long)c.added;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long len;
    if (!f)
        abort();
    if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
        !(buf = malloc((size_t)len + 1)) || fread(buf, 1, (size_t)len, f) != (size_t)len)
        abort();
    fclose(f);
    *n = (size_t)len;
    return buf;
}

static char dir[64];

static void remove_dir(void)
{
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char a[96], b[96];
    size_t n = 0, la, lb;
    long wrote, again;
    char *ta, *tb;

    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/fuzz_tmx.XXXXXX");
        if (!mkdtemp(dir))
            abort();
        atexit(remove_dir); /* nothing is left behind */
    }
    snprintf(a, sizeof a, "%s/a.tmx", dir);
    snprintf(b, sizeof b, "%s/b.tmx", dir);

    ty_tmx_read_memory(data, size, "fuzz", NULL, count, &n, NULL, NULL); /* flattened */
    wrote = read_write(data, size, NULL, a);
    if (wrote >= 0) {
        n = 0;
        if (ty_tmx_read(a, NULL, count, &n, NULL, NULL) != TY_OK || n != (size_t)wrote)
            abort(); /* our own output must read back whole */
        again = read_write(NULL, 0, a, b);
        ta = slurp(a, &la);
        tb = slurp(b, &lb);
        if (again != wrote || la != lb || memcmp(ta, tb, la) != 0)
            abort();
        free(ta);
        free(tb);
    }
    unlink(a);
    unlink(b);
    return 0;
}
