/*
 * xlsx_dl.c — the table behind xlsx_dl.h and its loader.
 */
#include "config.h"

#define TY__XLSX_DL_SELF
#include "xlsx_dl.h"

TY__DYNLIB_DEFINE(xlsx, TY__XLSX_FUNCS, "writing a review sheet", TY_XLSX_SONAME, TY_XLSX_PACKAGE)
