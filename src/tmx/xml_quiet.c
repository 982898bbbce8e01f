/*
 * xml_quiet.c — libxml2 kept from printing: its messages for the current thread go to a
 * handler of the caller's (or nowhere) while a TMX call runs, and the handlers that were there
 * before are put back after it. libxml2 prints some failures (a broken encoding, a write
 * error) through its global handlers, beside the ones a parser context reports; taiyaku says
 * what went wrong in its own words, once.
 */
#include "config.h"

#include "formats/xml_init.h"
#include "tmx.h"

static void ignore_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void ignore_structured(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

void ty__xml_quiet_begin(ty__xml_quiet *q, xmlStructuredErrorFunc handler, void *ctx)
{
    ty__xml_init(); /* before libxml2's per-thread state is made */
    q->generic = xmlGenericError;
    q->generic_ctx = xmlGenericErrorContext;
    q->structured = xmlStructuredError;
    q->structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, ignore_generic);
    xmlSetStructuredErrorFunc(ctx, handler ? handler : ignore_structured);
}

void ty__xml_quiet_end(const ty__xml_quiet *q)
{
    xmlSetGenericErrorFunc(q->generic_ctx, q->generic);
    xmlSetStructuredErrorFunc(q->structured_ctx, q->structured);
}
