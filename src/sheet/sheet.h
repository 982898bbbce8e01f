/*
 * sheet.h — private to the review sheets (src/sheet/): the columns both the writer and the
 * reader know, so that a sheet written by one is read by the other. Not installed.
 */
#ifndef TY_SHEET_H
#define TY_SHEET_H

#include "taiyaku.h"

enum {
    TY__COL_DOCUMENT,
    TY__COL_DOC_ID,
    TY__COL_BEAD,
    TY__COL_JA,
    TY__COL_EN,
    TY__COL_CONFIDENCE,
    TY__COL_TYPE,
    TY__COL_STATUS,
    TY__COLS
};

/* The heading of each column, in row 1 of both sheets. The reader finds its columns by these. */
extern const char *const ty__sheet_heading[TY__COLS];

/* The sheets' names. */
#define TY__SHEET_REVIEW "to review"
#define TY__SHEET_CONFIDENT "confident"

/* The status column's values. */
#define TY__STATUS_OK "ok"
#define TY__STATUS_WRONG "wrong"

#endif
