/*
 * fuzz_sheet.c — fuzz target for the review-sheet reader (ty_review_sheet_read_mem: the zip,
 * the workbook, its relationships, shared strings and sheets). Checks, for every input:
 *  - a failure is a status the reader may give (format, XML, too big, not found, out of
 *    memory) with a one-line message; never a crash;
 *  - every row it hands over has a sheet name, a row number from 1, and NUL-terminated
 *    texts and status without a leading or trailing blank in the status.
 * A violation aborts. Linked with tests/fuzz/replay.c for make check (tests/fuzz/sheet.sh),
 * with libFuzzer by tests/fuzz/run-libfuzzer.sh.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "taiyaku.h"

#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (!(cond))                                                                           \
            abort();                                                                           \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ty_status row(const ty_review_sheet_row *r, void *ud)
{
    size_t *n = ud, sl;
    CHECK(r->sheet && r->row >= 1 && r->ja && r->en && r->status);
    CHECK(strlen(r->ja) + strlen(r->en) < ((size_t)1 << 30));
    sl = strlen(r->status);
    CHECK(sl == 0 || (r->status[0] != ' ' && r->status[sl - 1] != ' '));
    (*n)++;
    return TY_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ty_error e;
    size_t n = 0;
    ty_status st;

    ty_error_clear(&e);
    st = ty_review_sheet_read_mem(data, size, "fuzz.xlsx", row, &n, &e);
    if (st != TY_OK) {
        CHECK(st == TY_ERR_FORMAT || st == TY_ERR_XML || st == TY_ERR_TOOBIG ||
              st == TY_ERR_NOTFOUND || st == TY_ERR_NOMEM);
        CHECK(e.message[0] && !strchr(e.message, '\n'));
    }
    return 0;
}
