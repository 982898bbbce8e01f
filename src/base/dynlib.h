/*
 * dynlib.h — the optional libraries (libzip for .docx, poppler for PDF, libpq for PostgreSQL,
 * libmicrohttpd for the review server, libxlsxwriter for review sheets) loaded on first use
 * instead of at start-up, so that a command that needs none of them (a lookup, an alignment)
 * does not pay for mapping and relocating the ~65 shared objects they pull in.
 *
 * Each such library has a header next to its users (formats/zip_dl.h, formats/poppler_dl.h,
 * tm/pq_dl.h, serve/mhd_dl.h, sheet/xlsx_dl.h) that lists the functions taiyaku calls, declares
 * a table of pointers to them (typed from the library's own header with __typeof__) and
 * redefines each name to its slot, so that calling code reads as if it were linked directly.
 * The code calls the header's load function before its first call into the library; a library
 * that cannot be loaded fails there in one line that names it and the package to install.
 *
 * The sonames are found by configure (the library that the build links against, so headers
 * and library agree); nothing is ever unloaded.
 */
#ifndef TY_DYNLIB_H
#define TY_DYNLIB_H

#include <stddef.h>

#include "taiyaku.h"

/* X-macro helpers for the function lists: a table member, a name string. */
#define TY__DL_MEMBER(f) __typeof__(f) *f;
#define TY__DL_NAME(f) #f,

/* In a library's _dl.h: the table of FUNCS (its X-macro list) and the calls that fill it:
 * ty__NAME_load(file, err) loads the library once (an error names `file`, the input or
 * memory that needed it); ty__NAME_ready() says whether it is loaded or can be, silently. */
#define TY__DYNLIB_DECLARE(NAME, FUNCS)                                                        \
    struct ty__##NAME##_api {                                                                  \
        FUNCS(TY__DL_MEMBER)                                                                   \
    };                                                                                         \
    extern struct ty__##NAME##_api ty__##NAME;                                                 \
    ty_status ty__##NAME##_load(const char *file, ty_error *err);                              \
    int ty__##NAME##_ready(void);

/* In a library's _dl.c: its table `ty__NAME`, and ty__NAME_load / ty__NAME_ready (declared in
 * its _dl.h) over FUNCS, the header's X-macro list; WHAT says what needs the library. */
#define TY__DYNLIB_DEFINE(NAME, FUNCS, WHAT, SONAME, PACKAGE)                                  \
    struct ty__##NAME##_api ty__##NAME;                                                        \
    static const char *const ty__##NAME##_names[] = {FUNCS(TY__DL_NAME)};                      \
    static ty__dynlib ty__##NAME##_lib = {WHAT, SONAME, PACKAGE, ty__##NAME##_names,           \
                                          sizeof ty__##NAME##_names / sizeof(const char *),    \
                                          &ty__##NAME, sizeof ty__##NAME, 0, ""};              \
    ty_status ty__##NAME##_load(const char *file, ty_error *err)                               \
    {                                                                                          \
        return ty__dynlib_load(&ty__##NAME##_lib, file, err);                                  \
    }                                                                                          \
    int ty__##NAME##_ready(void)                                                               \
    {                                                                                          \
        return ty__dynlib_ready(&ty__##NAME##_lib);                                            \
    }

/* One optional library: what it is for, its soname and the functions wanted, and where to
 * put them (`slots`: a struct made only of function pointers, in the order of `names`). */
typedef struct ty__dynlib {
    const char *what;          /* "reading a PDF" */
    const char *soname;        /* "libpoppler-glib.so.8" */
    const char *package;       /* "libpoppler-glib8", or "" when configure could not tell */
    const char *const *names;  /* the functions' names */
    size_t n;                  /* how many */
    void *slots;               /* the table: n function pointers */
    size_t slots_size;         /* sizeof the table, checked against n */
    int state;                 /* 0 not tried, 1 loaded, -1 failed (message below) */
    char message[320];
} ty__dynlib;

/* Load `lib` once (thread-safe; later calls return at once): TY_OK, or TY_ERR_NOTFOUND with
 * "WHAT needs SONAME (Debian package PACKAGE), which cannot be loaded: REASON" and `file`
 * (the input or memory that needed it; may be NULL). */
ty_status ty__dynlib_load(ty__dynlib *lib, const char *file, ty_error *err);

/* Whether `lib` is loaded, loading it if it was not tried yet (no error reported). */
int ty__dynlib_ready(ty__dynlib *lib);

#endif
