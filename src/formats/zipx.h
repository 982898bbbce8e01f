/*
 * zipx.h — private: reading entries of a zip archive held in memory (libzip), for the
 * Office Open XML readers (.docx here; .xlsx review sheets can use the same). Not
 * installed. Entries are read whole, with a size cap; errors name the archive and the entry.
 */
#ifndef TY_FORMATS_ZIPX_H
#define TY_FORMATS_ZIPX_H

#include <stddef.h>

#include "taiyaku.h"

typedef struct ty__zip ty__zip;

/* Open the archive bytes[0, len) (borrowed: they must outlive the archive). `name` names it
 * in messages. Not a zip, or a truncated or damaged one: TY_ERR_FORMAT. */
ty_status ty__zip_open(const void *bytes, size_t len, const char *name, ty__zip **out,
                       ty_error *err);

/* Whether the archive has an entry of this name. */
int ty__zip_has(ty__zip *zip, const char *entry);

/* Read a whole entry into a malloc'd, NUL-terminated buffer. An entry missing:
 * TY_ERR_NOTFOUND; larger than `cap` bytes: TY_ERR_TOOBIG; damaged, encrypted or
 * truncated: TY_ERR_FORMAT. */
ty_status ty__zip_read(ty__zip *zip, const char *entry, size_t cap, char **out, size_t *len,
                       ty_error *err);

void ty__zip_close(ty__zip *zip);

#endif
