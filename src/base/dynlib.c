/*
 * dynlib.c — loading an optional library on first use (dynlib.h says why). It resolves every
 * listed function at once, so that a library too old to have one fails at load with its name
 * rather than later with a null call; it does not unload.
 */
#include "config.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "dynlib.h"
#include "error.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

typedef void (*any_fn)(void);

static void try_load(ty__dynlib *lib)
{
    void *h;
    const char *why;

    if (lib->slots_size != lib->n * sizeof(any_fn)) {
        snprintf(lib->message, sizeof lib->message,
                 "%s: the function table of %s is %zu bytes for %zu functions", lib->what,
                 lib->soname, lib->slots_size, lib->n);
        lib->state = -1;
        return;
    }
    /* RTLD_LOCAL: the library's symbols stay out of the global scope; RTLD_NOW: a missing
     * dependency fails here, not inside a call */
    if (!(h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL))) {
        why = dlerror();
        goto fail;
    }
    for (size_t i = 0; i < lib->n; i++) {
        void *sym;
        any_fn fn;

        dlerror();
        if (!(sym = dlsym(h, lib->names[i]))) {
            why = dlerror();
            if (!why)
                why = "a null symbol";
            /* the table is left unusable: state -1 keeps every caller out */
            goto fail;
        }
        /* POSIX: a dlsym result for a function converts to a function pointer */
        memcpy(&fn, &sym, sizeof fn);
        memcpy((char *)lib->slots + i * sizeof fn, &fn, sizeof fn);
    }
    lib->state = 1;
    return;
fail:
    snprintf(lib->message, sizeof lib->message, "%s needs %s%s%s%s, which cannot be loaded: %s",
             lib->what, lib->soname, *lib->package ? " (Debian package " : "", lib->package,
             *lib->package ? ")" : "", why ? why : "unknown reason");
    lib->state = -1;
}

int ty__dynlib_ready(ty__dynlib *lib)
{
    int state;

    pthread_mutex_lock(&lock);
    if (lib->state == 0)
        try_load(lib);
    state = lib->state;
    pthread_mutex_unlock(&lock);
    return state == 1;
}

ty_status ty__dynlib_load(ty__dynlib *lib, const char *file, ty_error *err)
{
    if (ty__dynlib_ready(lib))
        return TY_OK;
    return ty__fail(err, TY_ERR_NOTFOUND, file, -1, -1, "%s", lib->message);
}
