/*
 * tmp_memory.c — the small translation memory a fuzz target makes once (tmp_memory.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tmp_memory.h"

static ty_tm *memory;
static char mdir[256], mpath[300];

static void remove_memory(void)
{
    static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
    char p[320];

    ty_tm_close(memory);
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        snprintf(p, sizeof p, "%s%s", mpath, ext[i]);
        unlink(p);
    }
    rmdir(mdir);
}

ty_tm *ty_fuzz_memory(const char *name, const ty_tm_docinfo *info, const ty_unit *units,
                      size_t n, const char **dir)
{
    const char *tmp = getenv("TMPDIR");
    ty_error e;

    if (memory)
        abort();
    if (!tmp || !*tmp || strlen(tmp) > 200)
        tmp = "/tmp";
    snprintf(mdir, sizeof mdir, "%s/%.40s.XXXXXX", tmp, name);
    if (!mkdtemp(mdir))
        abort();
    snprintf(mpath, sizeof mpath, "%s/tm.sqlite", mdir);
    if (ty_tm_open(mpath, TY_TM_CREATE, &memory, &e) != TY_OK ||
        ty_tm_add_units(memory, info, units, n, NULL, &e) != TY_OK)
        abort();
    atexit(remove_memory);
    if (dir)
        *dir = mdir;
    return memory;
}
