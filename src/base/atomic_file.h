/*
 * atomic_file.h — private: writing a file so that readers see the old file or the whole new
 * one, never part of it. Not installed.
 *
 * The bytes go to a temporary file in the target's directory (Linux O_TMPFILE where the file
 * system allows it: it has no name until the commit, so a killed process leaves nothing;
 * otherwise a named ".NAME.PID-N.tmp" that the abort removes). The commit flushes, syncs,
 * names the file and renames it over the target. A new file gets the permissions any new file
 * gets (0666 less the umask).
 */
#ifndef TY_BASE_ATOMIC_FILE_H
#define TY_BASE_ATOMIC_FILE_H

#include <stdio.h>

#include "taiyaku.h"

typedef struct ty__afile ty__afile;

/* Start writing `path`. TY_ERR_INVALID when the path has no file name or is an SQLite
 * database or journal (a translation memory), TY_ERR_IO when it is a directory or no
 * temporary file can be made beside it. A target that exists and is not a regular file (a
 * device such as /dev/stdout, a pipe) is written directly, without a temporary file. */
ty_status ty__afile_open(const char *path, ty__afile **out, ty_error *err);

/* The stream to write to (buffered; owned by the afile). */
FILE *ty__afile_stream(ty__afile *f);

/* Write n bytes to the stream; TY_ERR_IO (with the byte offset reached) on failure. */
ty_status ty__afile_write(ty__afile *f, const void *p, size_t n, ty_error *err);

/* Flush, sync, and put the file in place of the target. The afile is freed whatever the
 * result; on failure nothing is left beside the target and the target is unchanged. */
ty_status ty__afile_commit(ty__afile *f, ty_error *err);

/* Give up: remove the temporary file and free the afile (NULL is a no-op). */
void ty__afile_abort(ty__afile *f);

#endif
