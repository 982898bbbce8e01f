/*
 * map_file.c — ty__map_bytes: a large regular file mapped read-only, with a zero byte after
 * it, for the decoder to keep as the text (ty__text_decode_mapped) instead of reading it into
 * fresh memory; ty__unmap_bytes. It does not read (read_file.c) nor decode (decode.c).
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

void ty__map_bytes(const char *path, ty__mapped *m)
{
    long page = sysconf(_SC_PAGESIZE);
    size_t len, file_pages, maplen;
    struct stat sb;
    char *base = MAP_FAILED;
    int fd;

    memset(m, 0, sizeof *m);
    if (page <= 0 || !strcmp(path, "-") || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size < (off_t)TY__MAP_MIN ||
        (unsigned long long)sb.st_size > TY__TEXT_MAX)
        goto done;
    len = (size_t)sb.st_size;
    file_pages = (len + (size_t)page - 1) / (size_t)page * (size_t)page;
    maplen = (len + 1 + (size_t)page - 1) / (size_t)page * (size_t)page;
    /* the whole span anonymous (zero) first, then the file over its pages: byte len is 0
     * whether it falls in the file's last page or in the page after it */
    base = mmap(NULL, maplen, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
        goto done;
    /* read-only: MAP_POPULATE would copy every page of a writable private mapping */
    if (mmap(base, file_pages, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, fd, 0) ==
        MAP_FAILED) {
        munmap(base, maplen);
        goto done;
    }
    m->bytes = base;
    m->len = len;
    m->maplen = maplen;
done:
    close(fd);
}

void ty__unmap_bytes(ty__mapped *m)
{
    if (m->bytes)
        munmap(m->bytes, m->maplen);
    memset(m, 0, sizeof *m);
}
