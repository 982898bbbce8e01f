/*
 * shared_map.c — the VFS of a pool's readers (TY_TM_POOLED | TY_TM_READONLY): SQLite's own
 * unix VFS with one memory map of the memory's file per process, shared by every reader
 * handle of that file. SQLite's memory map is per connection, and a connection drops it
 * whenever another one commits, so a pool of readers beside a writer faults the same pages in
 * again and again; without a map, each reader copies every page it reads into its own page
 * cache with a system call. Here a reader's page read is a pointer into the shared map
 * (xFetch, SQLite's memory-map interface) or, for what SQLite reads into a buffer (overflow
 * pages, page 1), a memcpy from it; the map stays while any handle has the file open.
 *
 * The map is made once with room beyond the file's size for it to grow; only the part known
 * to be in the file (its size when last looked at: when the map is made, when a read goes past
 * that size, and whenever SQLite reports that another connection changed the memory) is read
 * through it, anything past that goes to the unix VFS. SQLite asks only for pages of its
 * snapshot, which a checkpoint never truncates away from under a reader; writes (the writer's
 * own connections use the unix VFS) reach the map through the shared page cache. A file that
 * cannot be mapped is read through the unix VFS: slower, the same answers.
 */
#include "config.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tm.h"

/* One file's map, shared by the handles that have it open. */
typedef struct shared_map {
    dev_t dev;
    ino_t ino;
    int fd;                   /* kept open to look at the size */
    const unsigned char *base;
    size_t reserved;          /* the map's length, past the file's end */
    size_t valid;             /* bytes known to be in the file (read and written atomically) */
    unsigned refs;
    struct shared_map *next;
} shared_map;

/* An open file of this VFS: ours, then the unix VFS's right after it. */
typedef struct map_file {
    sqlite3_file base;
    shared_map *map;          /* NULL: not a main database, or not mapped */
    sqlite3_file *real;
    unsigned long long fetched, copied; /* pages read through the map (tests) */
} map_file;

static pthread_mutex_t maps_lock = PTHREAD_MUTEX_INITIALIZER;
static shared_map *maps;
static sqlite3_vfs map_vfs, *parent;
static sqlite3_io_methods map_methods;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int registered;

/* Look at the file's size again: the part of the map that may be read. */
static void refresh(shared_map *m)
{
    struct stat sb;

    if (fstat(m->fd, &sb) != 0)
        return;
    size_t size = (size_t)sb.st_size < m->reserved ? (size_t)sb.st_size : m->reserved;
    __atomic_store_n(&m->valid, size, __ATOMIC_RELEASE);
}

/* The map of file `name` (made, or shared with the handles that have it open), or NULL. */
static shared_map *map_get(const char *name)
{
    struct stat sb;
    shared_map *m;
    int fd = open(name, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return NULL;
    if (fstat(fd, &sb) != 0 || sb.st_size <= 0) {
        close(fd);
        return NULL;
    }
    pthread_mutex_lock(&maps_lock);
    for (m = maps; m; m = m->next)
        if (m->dev == sb.st_dev && m->ino == sb.st_ino)
            break;
    if (m) {
        m->refs++;
        close(fd);
    } else if ((uint64_t)sb.st_size < SIZE_MAX / 4 && (m = calloc(1, sizeof *m))) {
        /* room to grow: the map covers twice the file, at least 64 MB, in whole pages */
        size_t size = (size_t)sb.st_size, page = (size_t)sysconf(_SC_PAGESIZE);
        size_t want = size < ((size_t)32 << 20) ? (size_t)64 << 20 : 2 * size;
        want = (want + page - 1) / page * page;
        void *p = mmap(NULL, want, PROT_READ, MAP_SHARED, fd, 0);
        if (p == MAP_FAILED) {
            free(m);
            m = NULL;
            close(fd);
        } else {
            m->dev = sb.st_dev;
            m->ino = sb.st_ino;
            m->fd = fd;
            m->base = p;
            m->reserved = want;
            m->valid = size;
            m->refs = 1;
            m->next = maps;
            maps = m;
        }
    } else {
        close(fd);
    }
    pthread_mutex_unlock(&maps_lock);
    return m;
}

static void map_put(shared_map *m)
{
    if (!m)
        return;
    pthread_mutex_lock(&maps_lock);
    if (--m->refs == 0) {
        for (shared_map **pp = &maps; *pp; pp = &(*pp)->next)
            if (*pp == m) {
                *pp = m->next;
                break;
            }
        munmap((void *)m->base, m->reserved);
        close(m->fd);
        free(m);
    }
    pthread_mutex_unlock(&maps_lock);
}

/* Whether [off, off + n) may be read through the map (looking at the size again when it goes
 * past the part known to be in the file). */
static int mapped(shared_map *m, sqlite3_int64 off, size_t n)
{
    if (!m || off < 0 || (uint64_t)off > m->reserved || n > m->reserved - (size_t)off)
        return 0;
    if ((size_t)off + n <= __atomic_load_n(&m->valid, __ATOMIC_ACQUIRE))
        return 1;
    refresh(m);
    return (size_t)off + n <= __atomic_load_n(&m->valid, __ATOMIC_ACQUIRE);
}

/* ---- the file's methods: the unix VFS's, but reads and fetches of the map ---- */

#define REAL(f) (((map_file *)(f))->real)

static int x_close(sqlite3_file *f)
{
    map_file *p = (map_file *)f;
    int rc = p->real->pMethods ? p->real->pMethods->xClose(p->real) : SQLITE_OK;
    map_put(p->map);
    p->map = NULL;
    return rc;
}

static int x_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
    map_file *p = (map_file *)f;

    if (n > 0 && mapped(p->map, off, (size_t)n)) {
        memcpy(buf, p->map->base + off, (size_t)n);
        p->copied++;
        return SQLITE_OK;
    }
    return p->real->pMethods->xRead(p->real, buf, n, off);
}

static int x_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
    return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}

static int x_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    map_file *p = (map_file *)f;
    int rc = p->real->pMethods->xTruncate(p->real, size);
    if (p->map)
        refresh(p->map);
    return rc;
}

static int x_sync(sqlite3_file *f, int flags)
{
    return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int x_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int x_lock(sqlite3_file *f, int level)
{
    return REAL(f)->pMethods->xLock(REAL(f), level);
}

static int x_unlock(sqlite3_file *f, int level)
{
    return REAL(f)->pMethods->xUnlock(REAL(f), level);
}

static int x_check_reserved(sqlite3_file *f, int *out)
{
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int x_file_control(sqlite3_file *f, int op, void *arg)
{
    return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int x_sector_size(sqlite3_file *f)
{
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int x_device(sqlite3_file *f)
{
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int x_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **pp)
{
    return REAL(f)->pMethods->xShmMap(REAL(f), page, size, extend, pp);
}

static int x_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void x_shm_barrier(sqlite3_file *f)
{
    REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int x_shm_unmap(sqlite3_file *f, int del)
{
    return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

/* A page in place: a pointer into the map, or NULL (SQLite then reads it with x_read). */
static int x_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
    map_file *p = (map_file *)f;

    *pp = NULL;
    if (n > 0 && mapped(p->map, off, (size_t)n)) {
        *pp = (void *)(p->map->base + off);
        p->fetched++;
    }
    return SQLITE_OK;
}

/* SQLite gives a page back (nothing to do: the map stays), or, with NULL, drops its map
 * because the file may have changed: the size is looked at again. */
static int x_unfetch(sqlite3_file *f, sqlite3_int64 off, void *page)
{
    map_file *p = (map_file *)f;
    (void)off;
    if (!page && p->map)
        refresh(p->map);
    return SQLITE_OK;
}

/* ---- the VFS: the unix one, whose main database files are opened with the methods above ---- */

static int x_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
    map_file *p = (map_file *)f;
    int rc;
    (void)vfs;

    memset(p, 0, sizeof *p);
    p->real = (sqlite3_file *)(p + 1);
    rc = parent->xOpen(parent, name, p->real, flags, out);
    if (rc != SQLITE_OK) {
        if (p->real->pMethods) /* SQLite closes what xOpen opened when pMethods is set */
            p->base.pMethods = &map_methods;
        return rc;
    }
    /* the main database when its methods can give pages in place; the journal, the WAL and
     * temporary files are read as the unix VFS reads them */
    if ((flags & SQLITE_OPEN_MAIN_DB) && name && p->real->pMethods->iVersion >= 3)
        p->map = map_get(name);
    p->base.pMethods = &map_methods;
    return SQLITE_OK;
}

static void init(void)
{
    if (!(parent = sqlite3_vfs_find(NULL)))
        return;
    map_methods = (sqlite3_io_methods){
        3,           x_close,          x_read,        x_write,       x_truncate,
        x_sync,      x_file_size,      x_lock,        x_unlock,      x_check_reserved,
        x_file_control, x_sector_size, x_device,      x_shm_map,     x_shm_lock,
        x_shm_barrier, x_shm_unmap,    x_fetch,       x_unfetch};
    map_vfs = *parent;
    map_vfs.iVersion = parent->iVersion;
    map_vfs.szOsFile = (int)sizeof(map_file) + parent->szOsFile;
    map_vfs.pNext = NULL;
    map_vfs.zName = TY__TM_SHARED_MAP_VFS;
    map_vfs.xOpen = x_open;
    registered = sqlite3_vfs_register(&map_vfs, 0) == SQLITE_OK;
}

const char *ty__tm_shared_map_vfs(void)
{
    pthread_once(&once, init);
    return registered ? TY__TM_SHARED_MAP_VFS : NULL;
}

int ty__tm_shared_map_stats(sqlite3 *db, unsigned long long *pages_fetched,
                            unsigned long long *pages_copied)
{
    sqlite3_file *f = NULL;

    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &f) != SQLITE_OK || !f ||
        f->pMethods != &map_methods || !((map_file *)f)->map)
        return 0;
    *pages_fetched = ((map_file *)f)->fetched;
    *pages_copied = ((map_file *)f)->copied;
    return 1;
}
