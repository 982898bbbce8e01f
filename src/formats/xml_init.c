/*
 * xml_init.c — libxml2 set up once per process, whichever thread comes first. libxml2 2.9
 * makes its encoding handlers and its per-thread state's mutex the first time it needs them,
 * without a lock, unless xmlInitParser has run: two threads of a batch that write their
 * pairs' TMX at once would make them twice (one copy leaks, a raced handler table can lose
 * UTF-8, the two set-up locks can deadlock). xmlInitParser takes libxml2's own lock, but
 * tests whether the work is done outside it; pthread_once makes the finished set-up visible
 * to every caller.
 */
#include "config.h"

#include <pthread.h>

#include <libxml/parser.h>

#include "xml_init.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;

void ty__xml_init(void)
{
    pthread_once(&once, xmlInitParser);
}
