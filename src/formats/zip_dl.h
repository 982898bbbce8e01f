/*
 * zip_dl.h — libzip loaded on first use (base/dynlib.h says why and how): only a .docx needs
 * it, and linking it costs every command the relocation of libzip and the libcrypto it pulls
 * in. Include it instead of <zip.h>; ty__zip_open loads it (ty__libzip_load).
 */
#ifndef TY_ZIP_DL_H
#define TY_ZIP_DL_H

#include <zip.h>

#include "base/dynlib.h"

#define TY__ZIP_FUNCS(X) \
    X(zip_discard) X(zip_error_fini) X(zip_error_init) X(zip_error_strerror) X(zip_fclose) \
    X(zip_file_strerror) X(zip_fopen) X(zip_fread) X(zip_name_locate) X(zip_open_from_source) \
    X(zip_source_buffer_create) X(zip_source_free) X(zip_stat) X(zip_stat_init) X(zip_strerror)

TY__DYNLIB_DECLARE(libzip, TY__ZIP_FUNCS)

#ifndef TY__ZIP_DL_SELF
#define zip_discard (ty__libzip.zip_discard)
#define zip_error_fini (ty__libzip.zip_error_fini)
#define zip_error_init (ty__libzip.zip_error_init)
#define zip_error_strerror (ty__libzip.zip_error_strerror)
#define zip_fclose (ty__libzip.zip_fclose)
#define zip_file_strerror (ty__libzip.zip_file_strerror)
#define zip_fopen (ty__libzip.zip_fopen)
#define zip_fread (ty__libzip.zip_fread)
#define zip_name_locate (ty__libzip.zip_name_locate)
#define zip_open_from_source (ty__libzip.zip_open_from_source)
#define zip_source_buffer_create (ty__libzip.zip_source_buffer_create)
#define zip_source_free (ty__libzip.zip_source_free)
#define zip_stat (ty__libzip.zip_stat)
#define zip_stat_init (ty__libzip.zip_stat_init)
#define zip_strerror (ty__libzip.zip_strerror)
#endif

#endif
