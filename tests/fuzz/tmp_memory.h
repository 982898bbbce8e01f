/*
 * tmp_memory.h — the small translation memory a fuzz target makes once, in a directory of
 * its own that is removed at exit, so that replaying the seeds leaves nothing behind.
 */
#ifndef TY_TMP_MEMORY_H
#define TY_TMP_MEMORY_H

#include <stddef.h>

#include "taiyaku.h"

/* A new memory in a new directory under $TMPDIR (or /tmp) whose name begins with `name`,
 * holding units[0, n) as the one document `info`; at exit the memory is closed and its files
 * and the directory removed (files the target puts there it removes itself). *dir (when not
 * NULL) gets the directory's path. One such memory a process; aborts on any failure. */
ty_tm *ty_fuzz_memory(const char *name, const ty_tm_docinfo *info, const ty_unit *units,
                      size_t n, const char **dir);

#endif
