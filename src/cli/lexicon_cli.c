/*
 * lexicon_cli.c — the lexicon options and their loader (see lexicon_cli.h). Building and
 * caching the dictionaries' index is the library's (ty_lexicon_load_default); this file only
 * decides what to load from the command line.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon_cli.h"

int ty_cli_lexicon_init(ty_cli *c, ty_cli_lexicon *l)
{
    memset(l, 0, sizeof *l);
    if (!(l->glossaries = calloc((size_t)c->argc + 1, sizeof *l->glossaries)))
        return ty_cli_oom(c);
    return TY_EXIT_OK;
}

int ty_cli_lexicon_option(ty_cli *c, ty_cli_lexicon *l, int key)
{
    switch (key) {
    case 'x': l->glossaries[l->nglossaries++] = c->arg; return 1;
    case TY_CLI_NO_LEXICON: l->no_system = 1; return 1;
    case TY_CLI_LEXICON_CACHE: l->cache = c->arg; return 1;
    default: return 0;
    }
}

/* The loading itself, on whichever thread: l->lexicon, or l->st and l->e. */
static void *load(void *arg)
{
    ty_cli_lexicon *l = arg;
    ty_lexicon *lex = NULL;

    ty_error_clear(&l->e);
    l->st = l->no_system ? ty_lexicon_new(&lex, &l->e)
                         : ty_lexicon_load_default(&lex, l->cache, &l->e);
    for (size_t k = 0; k < l->nglossaries && l->st == TY_OK; k++)
        l->st = ty_lexicon_add_tsv(lex, l->glossaries[k], &l->e);
    if (l->st != TY_OK)
        ty_lexicon_free(lex);
    else
        l->lexicon = lex;
    return NULL;
}

void ty_cli_lexicon_start(ty_cli_lexicon *l, int thread)
{
    l->loading = !(l->no_system && l->nglossaries == 0);
    l->st = TY_OK;
    if (!l->loading)
        return;
    l->started = thread && pthread_create(&l->thread, NULL, load, l) == 0;
    if (!l->started)
        load(l);
}

int ty_cli_lexicon_wait(ty_cli *c, ty_cli_lexicon *l)
{
    if (l->started)
        pthread_join(l->thread, NULL);
    l->started = 0;
    if (!l->loading || l->st == TY_OK)
        return TY_EXIT_OK;
    l->loading = 0;
    if (l->st == TY_ERR_INVALID && l->cache && !strcmp(l->e.file, l->cache))
        return ty_cli_usage(c, "--lexicon-cache %s: %s", l->cache, l->e.message);
    return ty_cli_fail(c, &l->e);
}

int ty_cli_lexicon_load(ty_cli *c, ty_cli_lexicon *l)
{
    ty_cli_lexicon_start(l, 0);
    return ty_cli_lexicon_wait(c, l);
}

void ty_cli_lexicon_done(ty_cli_lexicon *l)
{
    if (l->started)
        pthread_join(l->thread, NULL);
    ty_lexicon_free(l->lexicon);
    free(l->glossaries);
    memset(l, 0, sizeof *l);
}
