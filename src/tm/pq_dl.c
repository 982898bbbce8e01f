/*
 * pq_dl.c — the table behind pq_dl.h and its loader.
 */
#include "config.h"

#define TY__PQ_DL_SELF
#include "pq_dl.h"

TY__DYNLIB_DEFINE(pq, TY__PQ_FUNCS, "a memory in PostgreSQL", TY_PQ_SONAME, TY_PQ_PACKAGE)
