/*
 * xml_init.h — libxml2 set up once per process (xml_init.c). Every entry of taiyaku that
 * uses libxml2 (the .docx, law XML, TMX, TBX and review-sheet readers, the TMX, TBX and HTML
 * writers) calls it first.
 */
#ifndef TY_FORMATS_XML_INIT_H
#define TY_FORMATS_XML_INIT_H

/* Set libxml2 up (xmlInitParser) on the first call in the process; every later call, on any
 * thread, returns once that set-up is complete and visible to it. */
void ty__xml_init(void);

#endif
