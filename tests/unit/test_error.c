/* test_error.c — status strings and one-line error formatting. */
#include <string.h>

#include "base/error.h"
#include "tap.h"

static const struct {
    const char *file;
    long line;
    long long offset;
    const char *msg;
    const char *want;
} cases[] = {
    {"a.txt", 3, 17, "bad byte", "a.txt:3: byte 17: bad byte"},
    {"a.txt", -1, 17, "bad byte", "a.txt: byte 17: bad byte"},
    {"a.txt", 12, -1, "no body", "a.txt:12: no body"},
    {NULL, -1, 5, "x", "byte 5: x"},
    {NULL, -1, -1, "plain", "plain"},
    {"f", -1, -1, "two\nlines", "f: two lines"},
};

int main(void)
{
    char buf[256];
    ty_error e;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ty_status st = ty__fail(&e, TY_ERR_FORMAT, cases[i].file, cases[i].line,
                                cases[i].offset, "%s", cases[i].msg);
        ty_is_int(st, TY_ERR_FORMAT, "ty__fail returns its status (case %zu)", i);
        ty_is_str(ty_error_format(&e, buf, sizeof buf), cases[i].want, "format case %zu", i);
    }
    for (int s = TY_OK; s <= TY_ERR_POSTGRES; s++)
        ty_ok(strcmp(ty_strerror((ty_status)s), "unknown status") != 0, "ty_strerror(%d)", s);
    ty_is_str(ty_strerror((ty_status)999), "unknown status", "unknown status code");
    ty_error_clear(&e);
    ty_is_int(e.status, TY_OK, "clear resets status");
    ty_is_str(ty_error_format(&e, buf, 4), "suc", "format truncates to the buffer");
    ty_is_int(ty__fail(NULL, TY_ERR_IO, "x", 1, 1, "y"), TY_ERR_IO, "NULL record is allowed");
    return ty_done();
}
