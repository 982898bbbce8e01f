/*
 * path_pairs.c — the list of document pairs as paths (ty_path_pairs): what ty_pair_dirs finds
 * and what a batch aligns, and reading it from a TSV file (JA<TAB>EN a line, as `taiyaku
 * pair` prints it). It reads no document.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "batch.h"

/* The longest line of a pairs file. */
#define TY__PAIRS_MAX_LINE 65536

static char *dup_or_null(const char *s, int *failed)
{
    char *d;
    if (!s)
        return NULL;
    if (!(d = strdup(s)))
        *failed = 1;
    return d;
}

int ty__path_pairs_add(ty_path_pairs *p, const char *ja, const char *en, const char *ja_name,
                       const char *en_name, double score)
{
    ty_path_pair *x;
    int failed = 0;

    if (p->n == p->cap && ty__grow((void **)&p->v, &p->cap, p->n + 1, sizeof *p->v))
        return -1;
    x = &p->v[p->n];
    x->ja = dup_or_null(ja, &failed);
    x->en = dup_or_null(en, &failed);
    x->ja_name = dup_or_null(ja_name ? ja_name : ja, &failed);
    x->en_name = dup_or_null(en_name ? en_name : en, &failed);
    x->score = score;
    if (failed) {
        free((char *)x->ja);
        free((char *)x->en);
        free((char *)x->ja_name);
        free((char *)x->en_name);
        return -1;
    }
    p->n++;
    return 0;
}

size_t ty_path_pairs_count(const ty_path_pairs *p)
{
    return p ? p->n : 0;
}

const ty_path_pair *ty_path_pairs_get(const ty_path_pairs *p, size_t i)
{
    return p && i < p->n ? &p->v[i] : NULL;
}

void ty_path_pairs_free(ty_path_pairs *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free((char *)p->v[i].ja);
        free((char *)p->v[i].en);
        free((char *)p->v[i].ja_name);
        free((char *)p->v[i].en_name);
    }
    free(p->v);
    free(p);
}

ty_status ty_path_pairs_new(ty_path_pairs **out, ty_error *err)
{
    if (!(*out = calloc(1, sizeof **out)))
        return ty__nomem(err);
    return TY_OK;
}

ty_status ty_path_pairs_add(ty_path_pairs *p, const char *ja, const char *en, ty_error *err)
{
    if (!ja || !en || !*ja || !*en)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "a pair needs two paths");
    return ty__path_pairs_add(p, ja, en, NULL, NULL, 0) ? ty__nomem(err) : TY_OK;
}

ty_status ty_path_pairs_read_tsv(const char *path, ty_path_pairs **out, ty_error *err)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    const char *name = strcmp(path, "-") ? path : "<stdin>";
    char *line = NULL;
    ty_path_pairs *p = NULL;
    ty_status st = TY_OK;
    long lineno = 0;

    *out = NULL;
    if (!f)
        return ty__fail(err, errno == ENOENT ? TY_ERR_NOTFOUND : TY_ERR_IO, path, -1, -1,
                        "cannot open: %s", strerror(errno));
    if (!(line = malloc(TY__PAIRS_MAX_LINE)) || (st = ty_path_pairs_new(&p, err)) != TY_OK) {
        st = ty__nomem(err);
        goto done;
    }
    while (fgets(line, TY__PAIRS_MAX_LINE, f)) {
        size_t n = strlen(line);
        char *tab, *ja = line, *en;
        lineno++;
        if (n == TY__PAIRS_MAX_LINE - 1 && line[n - 1] != '\n') {
            st = ty__fail(err, TY_ERR_TOOBIG, name, lineno, -1, "a line over %d bytes",
                          TY__PAIRS_MAX_LINE - 2);
            goto done;
        }
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        if (!(tab = strchr(line, '\t'))) {
            st = ty__fail(err, TY_ERR_FORMAT, name, lineno, -1,
                          "expected JA<TAB>EN, found no tab");
            goto done;
        }
        *tab = '\0';
        en = tab + 1;
        if ((tab = strchr(en, '\t')))
            *tab = '\0'; /* a third column (a score) is ignored */
        if (!*ja || !*en)
            continue; /* a document without its counterpart (as `taiyaku pair` lists it) */
        if (ty__path_pairs_add(p, ja, en, NULL, NULL, 0) != 0) {
            st = ty__nomem(err);
            goto done;
        }
    }
    if (ferror(f))
        st = ty__fail(err, TY_ERR_IO, name, lineno, -1, "cannot read: %s", strerror(errno));
done:
    if (f && f != stdin)
        fclose(f);
    free(line);
    if (st == TY_OK)
        *out = p;
    else
        ty_path_pairs_free(p);
    return st;
}
