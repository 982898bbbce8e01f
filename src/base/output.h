/*
 * output.h — private: what a file about to be written over is (base/output.c). Not installed;
 * the public checks are ty_output_check and ty_same_file in taiyaku.h.
 */
#ifndef TY_BASE_OUTPUT_H
#define TY_BASE_OUTPUT_H

#include "taiyaku.h"

/* TY_OK when the existing regular file at `path` may be replaced by an output; TY_ERR_INVALID
 * (naming it) when it is an SQLite database or an SQLite journal (-wal, -journal): replacing
 * it would destroy a translation memory. A path that does not exist or cannot be read
 * passes (the write says why it fails). */
ty_status ty__output_not_database(const char *path, ty_error *err);

#endif
