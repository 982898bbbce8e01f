/*
 * pq_dl.h — libpq loaded on first use (base/dynlib.h says why and how).
 * Included by pg.h instead of <libpq-fe.h>; ty__pg_open loads it.
 */
#ifndef TY_PQ_DL_H
#define TY_PQ_DL_H

#include <libpq-fe.h>

#include "base/dynlib.h"

#define TY__PQ_FUNCS(X) \
    X(PQclear) X(PQcmdTuples) X(PQconndefaults) X(PQconnectdb) X(PQconninfoFree) X(PQconninfoParse) \
    X(PQerrorMessage) X(PQexec) X(PQexecParams) X(PQexecPrepared) X(PQfinish) \
    X(PQgetResult) X(PQgetisnull) X(PQgetlength) X(PQgetvalue) X(PQntuples) X(PQprepare) \
    X(PQputCopyData) X(PQputCopyEnd) X(PQresultErrorField) X(PQresultErrorMessage) \
    X(PQresultStatus) X(PQsendQuery) X(PQsetNoticeProcessor) X(PQsetSingleRowMode) \
    X(PQstatus) X(PQtransactionStatus)

TY__DYNLIB_DECLARE(pq, TY__PQ_FUNCS)

#ifndef TY__PQ_DL_SELF
#define PQclear (ty__pq.PQclear)
#define PQcmdTuples (ty__pq.PQcmdTuples)
#define PQconndefaults (ty__pq.PQconndefaults)
#define PQconnectdb (ty__pq.PQconnectdb)
#define PQconninfoFree (ty__pq.PQconninfoFree)
#define PQconninfoParse (ty__pq.PQconninfoParse)
#define PQerrorMessage (ty__pq.PQerrorMessage)
#define PQexec (ty__pq.PQexec)
#define PQexecParams (ty__pq.PQexecParams)
#define PQexecPrepared (ty__pq.PQexecPrepared)
#define PQfinish (ty__pq.PQfinish)
#define PQgetResult (ty__pq.PQgetResult)
#define PQgetisnull (ty__pq.PQgetisnull)
#define PQgetlength (ty__pq.PQgetlength)
#define PQgetvalue (ty__pq.PQgetvalue)
#define PQntuples (ty__pq.PQntuples)
#define PQprepare (ty__pq.PQprepare)
#define PQputCopyData (ty__pq.PQputCopyData)
#define PQputCopyEnd (ty__pq.PQputCopyEnd)
#define PQresultErrorField (ty__pq.PQresultErrorField)
#define PQresultErrorMessage (ty__pq.PQresultErrorMessage)
#define PQresultStatus (ty__pq.PQresultStatus)
#define PQsendQuery (ty__pq.PQsendQuery)
#define PQsetNoticeProcessor (ty__pq.PQsetNoticeProcessor)
#define PQsetSingleRowMode (ty__pq.PQsetSingleRowMode)
#define PQstatus (ty__pq.PQstatus)
#define PQtransactionStatus (ty__pq.PQtransactionStatus)
#endif

#endif
