/*
 * test_dynlib.c — loading optional libraries on first use (base/dynlib.c): a library that is
 * there loads and its functions are called through the table; a missing library, a missing
 * function or a table of the wrong size fail in one line that names the library, the package
 * and the file; a failure is remembered. The four real tables (poppler-glib, libpq,
 * libmicrohttpd, libxlsxwriter) load on this machine, where the build found their headers.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "base/dynlib.h"
#include "formats/poppler_dl.h"
#include "serve/mhd_dl.h"
#include "sheet/xlsx_dl.h"
#include "tm/pq_dl.h"

/* Two functions of the C maths library, which every test program links. */
struct two_fns {
    double (*cos)(double);
    double (*sqrt)(double);
};

static const struct {
    const char *soname, *package, *names[2];
    size_t slots_size;
    ty_status want;
    const char *want_in[3]; /* substrings of the message */
} cases[] = {
    {"libm.so.6", "libc6", {"cos", "sqrt"}, sizeof(struct two_fns), TY_OK, {NULL}},
    {"libtaiyaku-absent.so.0", "taiyaku-absent", {"cos", "sqrt"}, sizeof(struct two_fns),
     TY_ERR_NOTFOUND,
     {"testing needs libtaiyaku-absent.so.0 (Debian package taiyaku-absent)",
      "cannot be loaded", "libtaiyaku-absent.so.0"}},
    {"libtaiyaku-absent.so.0", "", {"cos", "sqrt"}, sizeof(struct two_fns), TY_ERR_NOTFOUND,
     {"testing needs libtaiyaku-absent.so.0, which cannot be loaded", NULL}},
    {"libm.so.6", "libc6", {"cos", "ty_no_such_function"}, sizeof(struct two_fns),
     TY_ERR_NOTFOUND, {"testing needs libm.so.6 (Debian package libc6)", "ty_no_such_function"}},
    {"libm.so.6", "libc6", {"cos", "sqrt"}, sizeof(double (*)(double)), TY_ERR_NOTFOUND,
     {"function table", NULL}},
};

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct two_fns fns;
        ty__dynlib lib;
        ty_error err;
        ty_status st;

        memset(&fns, 0, sizeof fns);
        memset(&lib, 0, sizeof lib);
        memset(&err, 0, sizeof err);
        lib.what = "testing";
        lib.soname = cases[i].soname;
        lib.package = cases[i].package;
        lib.names = cases[i].names;
        lib.n = 2;
        lib.slots = &fns;
        lib.slots_size = cases[i].slots_size;
        st = ty__dynlib_load(&lib, "some.file", &err);
        ty_is_int(st, cases[i].want, "case %zu: status", i);
        if (st == TY_OK) {
            ty_ok(fns.cos && fns.cos(0.0) == 1.0 && fns.sqrt(16.0) == 4.0,
                  "case %zu: the functions are called through the table", i);
        } else {
            ty_is_str(err.file, "some.file", "case %zu: the error names the file", i);
            ty_ok(!strchr(err.message, '\n'), "case %zu: one line: %s", i, err.message);
            for (int k = 0; k < 3 && cases[i].want_in[k]; k++)
                ty_ok(strstr(err.message, cases[i].want_in[k]) != NULL,
                      "case %zu: the message has '%s'", i, cases[i].want_in[k]);
        }
        /* the outcome is remembered: a second call answers the same without trying again */
        lib.soname = "libc.so.6";
        ty_is_int(ty__dynlib_ready(&lib), st == TY_OK, "case %zu: the outcome is kept", i);
    }

    /* the real tables: every function the code calls is found */
    ty_error err;
    ty_is_int(ty__poppler_load("x.pdf", &err), TY_OK, "poppler-glib (%s) loads", TY_POPPLER_SONAME);
    ty_ok(poppler_page_get_text != NULL, "poppler_page_get_text is resolved");
    ty_is_int(ty__pq_load(NULL, &err), TY_OK, "libpq (%s) loads", TY_PQ_SONAME);
    ty_ok(PQconnectdb != NULL, "PQconnectdb is resolved");
    ty_is_int(ty__mhd_load(NULL, &err), TY_OK, "libmicrohttpd (%s) loads", TY_MHD_SONAME);
    ty_ok(MHD_start_daemon != NULL, "MHD_start_daemon is resolved");
    ty_is_int(ty__xlsx_load("x.xlsx", &err), TY_OK, "libxlsxwriter (%s) loads", TY_XLSX_SONAME);
    ty_ok(workbook_new != NULL, "workbook_new is resolved");
    return ty_done();
}
