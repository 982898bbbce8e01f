/*
 * tm_cli.h — private to the taiyaku program: what the commands that read or write a
 * translation memory share: opening the --db memory with a one-line error, checking that an
 * output file is not a memory, a query made of the operands, and the import time. Uses only
 * taiyaku.h and the frame.
 */
#ifndef TY_TM_CLI_H
#define TY_TM_CLI_H

#include <stdio.h>

#include "frame.h"
#include "text_out.h"

/* The --db MEMORY option of the commands that read or write a memory, for their option
 * tables; its key is 'd'. */
#define TY_CLI_DB_OPTION {"db", 'd', "MEMORY", "the translation memory (an SQLite file; required)"}

/* Open the memory `db` (ty_tm_open's flags); on failure print "taiyaku: FILE: why" and return
 * TY_EXIT_ERROR, else TY_EXIT_OK. */
int ty_cli_tm_open(ty_cli *c, const char *db, int flags, ty_tm **tm);

/* Before any work: the output file `path` (NULL: none) is not the memory `db` (NULL: none),
 * a file beside it, or any SQLite database (ty_output_check); else its message and
 * TY_EXIT_ERROR. */
int ty_cli_output(ty_cli *c, const char *path, const char *db);

/* The operands joined with spaces (malloc'd), or NULL when out of memory. */
char *ty_cli_join_args(const ty_cli *c);

/* The import time for new documents into *when: $SOURCE_DATE_EPOCH as "YYYY-MM-DDThh:mm:ssZ"
 * in buf when it is set (reproducible runs), else NULL (now). A value that is not a number of
 * seconds (up to the year 9999) is an error: TY_EXIT_ERROR after its message. */
int ty_cli_import_time(ty_cli *c, char *buf, size_t size, const char **when);

/* A document named on the command line (ty_cli_tm_document). */
typedef struct ty_cli_doc {
    long long id;
    char *name;        /* its name, malloc'd (free it, also after a failure) */
    const char *want;  /* the name looked for, or NULL: the id */
    size_t found;
    char ids[128];     /* the ids found, for the message when a name is not unique */
} ty_cli_doc;

/* The document DOCUMENT (`arg`) names: an id (a number), or the name of exactly one document;
 * else its message ("no document named 'x'", "2 documents are named 'x' (ids 1, 2): give an
 * id") and TY_EXIT_ERROR. */
int ty_cli_tm_document(ty_cli *c, ty_tm *tm, const char *db, const char *arg, ty_cli_doc *d);

#endif
