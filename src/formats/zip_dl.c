/*
 * zip_dl.c — the table behind zip_dl.h and its loader.
 */
#include "config.h"

#define TY__ZIP_DL_SELF
#include "zip_dl.h"

TY__DYNLIB_DEFINE(libzip, TY__ZIP_FUNCS, "reading a .docx archive", TY_ZIP_SONAME, TY_ZIP_PACKAGE)
