/*
 * tiny.c — the smallest program a user of the installed library writes (tests/api/install.sh
 * builds it through pkg-config): it prints the library's version and creates, fills and
 * verifies a translation memory, which needs SQLite, ICU and the threads of the library.
 *   tiny MEMORY.sqlite
 */
#include <stdio.h>

#include <taiyaku.h>

int main(int argc, char **argv)
{
    ty_unit unit = {NULL, "日本国憲法", "The Constitution of Japan", NULL, NULL, 0.9, NULL, NULL, 0};
    ty_tm_docinfo doc = {"tiny", NULL, NULL, NULL};
    ty_tm *tm = NULL;
    ty_tm_info info;
    ty_error err;
    ty_status st;
    char msg[2048];

    if (argc != 2)
        return 64;
    if ((st = ty_tm_open(argv[1], TY_TM_CREATE, &tm, &err)) == TY_OK &&
        (st = ty_tm_add_units(tm, &doc, &unit, 1, NULL, &err)) == TY_OK &&
        (st = ty_tm_verify(tm, &err)) == TY_OK &&
        (st = ty_tm_get_info(tm, &info, &err)) == TY_OK)
        printf("libtaiyaku %s: %lld document, %lld unit\n", ty_version(), info.documents,
               info.units);
    else
        fprintf(stderr, "tiny: %s\n", ty_error_format(&err, msg, sizeof msg));
    ty_tm_close(tm);
    return st == TY_OK ? 0 : 1;
}
