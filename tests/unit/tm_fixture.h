/*
 * tm_fixture.h — for the consistency tests: a translation memory built from a table of units,
 * one document per run of units with the same document name. Header-only, test code only.
 */
#ifndef TY_TM_FIXTURE_H
#define TY_TM_FIXTURE_H

#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "taiyaku.h"

typedef struct tu {
    const char *doc, *ja, *en;
    double confidence; /* -1: unknown */
} tu;

/* Create the memory at path (replacing a file there) from units[0, n); NULL on failure. */
static __attribute__((unused)) ty_tm *tm_fixture(const char *path, const tu *units, size_t n)
{
    ty_tm *tm = NULL;
    ty_error err;

    unlink(path);
    if (ty_tm_open(path, TY_TM_CREATE, &tm, &err) != TY_OK) {
        ty_diag("open: %s", err.message);
        return NULL;
    }
    for (size_t i = 0; i < n;) {
        ty_unit v[32];
        ty_tm_docinfo info = {0};
        size_t k = 0;
        memset(v, 0, sizeof v);
        info.name = units[i].doc;
        info.imported_at = "2024-05-01T00:00:00Z";
        while (i < n && k < 32 && !strcmp(units[i].doc, info.name)) {
            v[k].ja = units[i].ja;
            v[k].en = units[i].en;
            v[k].confidence = units[i].confidence;
            k++;
            i++;
        }
        if (ty_tm_add_units(tm, &info, v, k, NULL, &err) != TY_OK) {
            ty_diag("add: %s", err.message);
            ty_tm_close(tm);
            return NULL;
        }
    }
    return tm;
}

#endif
