/*
 * lexicon_cli.h — private to the taiyaku program: the lexicon options of the commands that use
 * one (align, phrase, phrases) — -x/--lexicon FILE (repeatable), --no-lexicon, --lexicon-cache
 * DIR — and the one loader that turns them into a ty_lexicon. Uses only taiyaku.h and the
 * frame.
 */
#ifndef TY_LEXICON_CLI_H
#define TY_LEXICON_CLI_H

#include <pthread.h>

#include "frame.h"

#define TY_CLI_NO_LEXICON 0x1200
#define TY_CLI_LEXICON_CACHE 0x1201

/* The three options, for a command's option table. */
#define TY_CLI_LEXICON_OPTIONS                                                                  \
    {"lexicon", 'x', "FILE",                                                                    \
     "add a glossary: UTF-8 lines 'Japanese<TAB>English[; English]' (repeatable)"},             \
        {"no-lexicon", TY_CLI_NO_LEXICON, NULL,                                                 \
         "do not load the system dictionaries (EDICT, ENAMDICT)"},                              \
        {"lexicon-cache", TY_CLI_LEXICON_CACHE, "DIR",                                          \
         "where the dictionaries' index cache lives (default $XDG_CACHE_HOME/taiyaku or "       \
         "~/.cache/taiyaku)"}

typedef struct ty_cli_lexicon {
    const char **glossaries; /* the -x files, in order */
    size_t nglossaries;
    int no_system;           /* --no-lexicon */
    const char *cache;       /* --lexicon-cache, or NULL */
    ty_lexicon *lexicon;     /* after ty_cli_lexicon_load: the lexicon, or NULL for none */
    /* between ty_cli_lexicon_start and ty_cli_lexicon_wait */
    pthread_t thread;
    int started;             /* 1 while the thread loads */
    int loading;             /* 1 when there is something to load */
    ty_status st;            /* the loading's status, and its error */
    ty_error e;
} ty_cli_lexicon;

/* Before the options: room for every -x the command line can hold. TY_EXIT_OK, or
 * TY_EXIT_ERROR after "out of memory". */
int ty_cli_lexicon_init(ty_cli *c, ty_cli_lexicon *l);
/* Take the current option (c->arg) when it is one of the three: 1 taken, 0 not one of them. */
int ty_cli_lexicon_option(ty_cli *c, ty_cli_lexicon *l, int key);
/* After the options: the system dictionaries unless --no-lexicon, plus the glossaries, into
 * l->lexicon (NULL when there is none at all). Returns an exit code (a one-line error naming
 * the file that failed). */
int ty_cli_lexicon_load(ty_cli *c, ty_cli_lexicon *l);
/* ty_cli_lexicon_load in two halves, so that the loading can run beside other work: start
 * it, on a thread of its own when `thread` is not 0 (else, or when no thread can be started,
 * here and now); then wait for it and report as ty_cli_lexicon_load does (the thread touches
 * nothing but l, and prints nothing). */
void ty_cli_lexicon_start(ty_cli_lexicon *l, int thread);
int ty_cli_lexicon_wait(ty_cli *c, ty_cli_lexicon *l);
/* Free the lexicon and the list (waiting for a loading thread first); l may have been only
 * initialized. */
void ty_cli_lexicon_done(ty_cli_lexicon *l);

#endif
