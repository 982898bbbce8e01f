/*
 * zipx.c — zip entries from an archive in memory through libzip (zip_source_buffer), read
 * whole with a size cap and their CRC checked. It knows nothing of what the entries hold.
 */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "zipx.h"
#include "zip_dl.h"
#include "base/error.h"

struct ty__zip {
    zip_t *za;
    char *name;
};

ty_status ty__zip_open(const void *bytes, size_t len, const char *name, ty__zip **out,
                       ty_error *err)
{
    zip_error_t ze;
    zip_source_t *src;
    ty__zip *zip;
    ty_status st;

    *out = NULL;
    if ((st = ty__libzip_load(name, err)) != TY_OK)
        return st;
    if (!(zip = calloc(1, sizeof *zip)))
        return ty__nomem(err);
    if (name && !(zip->name = strdup(name))) {
        free(zip);
        return ty__nomem(err);
    }
    zip_error_init(&ze);
    if (!(src = zip_source_buffer_create(bytes, len, 0, &ze))) {
        st = ty__nomem(err);
        goto fail;
    }
    if (!(zip->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze))) {
        size_t tail = len < 65557 ? len : 65557; /* the end record and the longest comment */
        zip_source_free(src);
        /* a file cut short has no end of central directory record: say where it ends */
        if (!memmem((const char *)bytes + len - tail, tail, "PK\x05\x06", 4))
            st = ty__fail(err, TY_ERR_FORMAT, name, -1, (long long)len,
                          "not a readable zip archive: truncated (it ends here without its "
                          "central directory)");
        else
            st = ty__fail(err, TY_ERR_FORMAT, name, -1, -1,
                          "not a readable zip archive: damaged (%s)", zip_error_strerror(&ze));
        goto fail;
    }
    zip_error_fini(&ze);
    *out = zip;
    return TY_OK;
fail:
    zip_error_fini(&ze);
    ty__zip_close(zip);
    return st;
}

int ty__zip_has(ty__zip *zip, const char *entry)
{
    return zip && zip_name_locate(zip->za, entry, 0) >= 0;
}

ty_status ty__zip_read(ty__zip *zip, const char *entry, size_t cap, char **out, size_t *len,
                       ty_error *err)
{
    zip_stat_t sb;
    zip_file_t *f = NULL;
    char *buf = NULL;
    zip_int64_t got;
    ty_status st;

    *out = NULL;
    *len = 0;
    zip_stat_init(&sb);
    if (zip_stat(zip->za, entry, 0, &sb) != 0)
        return ty__fail(err, TY_ERR_NOTFOUND, zip->name, -1, -1, "no %s in the archive", entry);
    if (!(sb.valid & ZIP_STAT_SIZE) || sb.size > cap)
        return ty__fail(err, TY_ERR_TOOBIG, zip->name, -1, -1,
                        "%s is over the %zu MiB limit", entry, cap >> 20);
    if (!(f = zip_fopen(zip->za, entry, 0)))
        return ty__fail(err, TY_ERR_FORMAT, zip->name, -1, -1, "cannot read %s: %s", entry,
                        zip_strerror(zip->za));
    if (!(buf = malloc((size_t)sb.size + 1))) {
        st = ty__nomem(err);
        goto fail;
    }
    got = zip_fread(f, buf, sb.size);
    if (got < 0 || (zip_uint64_t)got != sb.size) {
        st = ty__fail(err, TY_ERR_FORMAT, zip->name, -1, -1, "%s is damaged or truncated (%s)",
                      entry, got < 0 ? zip_file_strerror(f) : "short read");
        goto fail;
    }
    buf[sb.size] = '\0';
    zip_fclose(f);
    *out = buf;
    *len = (size_t)sb.size;
    return TY_OK;
fail:
    free(buf);
    zip_fclose(f);
    return st;
}

void ty__zip_close(ty__zip *zip)
{
    if (!zip)
        return;
    if (zip->za)
        zip_discard(zip->za);
    free(zip->name);
    free(zip);
}
