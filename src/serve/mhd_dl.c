/*
 * mhd_dl.c — the table behind mhd_dl.h and its loader.
 */
#include "config.h"

#define TY__MHD_DL_SELF
#include "mhd_dl.h"

TY__DYNLIB_DEFINE(mhd, TY__MHD_FUNCS, "the review server", TY_MHD_SONAME, TY_MHD_PACKAGE)
