/*
 * poppler_dl.c — the table behind poppler_dl.h and its loader.
 */
#include "config.h"

#define TY__POPPLER_DL_SELF
#include "poppler_dl.h"

TY__DYNLIB_DEFINE(poppler, TY__POPPLER_FUNCS, "reading a PDF", TY_POPPLER_SONAME, TY_POPPLER_PACKAGE)
