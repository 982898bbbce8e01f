/*
 * lexicon_cli.c — the lexicon options and their loader (see lexicon_cli.h). Building and
 * caching the dictionaries' index is the library's (ty_lexicon_load_default); this file only
 * decides what to load from the command line.
 */
#include "config.h"

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

int ty_cli_lexicon_load(ty_cli *c, ty_cli_lexicon *l)
{
    ty_lexicon *lex = NULL;
    ty_error e;
    ty_status st;

    if (l->no_system && l->nglossaries == 0)
        return TY_EXIT_OK;
    ty_error_clear(&e);
    st = l->no_system ? ty_lexicon_new(&lex, &e) : ty_lexicon_load_default(&lex, l->cache, &e);
    for (size_t k = 0; k < l->nglossaries && st == TY_OK; k++)
        st = ty_lexicon_add_tsv(lex, l->glossaries[k], &e);
    if (st != TY_OK) {
        ty_lexicon_free(lex);
        if (st == TY_ERR_INVALID && l->cache && !strcmp(e.file, l->cache))
            return ty_cli_usage(c, "--lexicon-cache %s: %s", l->cache, e.message);
        return ty_cli_fail(c, &e);
    }
    l->lexicon = lex;
    return TY_EXIT_OK;
}

void ty_cli_lexicon_done(ty_cli_lexicon *l)
{
    ty_lexicon_free(l->lexicon);
    free(l->glossaries);
    memset(l, 0, sizeof *l);
}
