/*
 * tmx.h — private helpers shared by the TMX writer and reader: a capped growable buffer, text
 * cleaning for XML 1.0 (forbidden characters, white-space folding), language codes, and
 * libxml2 kept from printing. Not installed; the public TMX API is in taiyaku.h.
 */
#ifndef TY_TMX_H
#define TY_TMX_H

#include <libxml/xmlerror.h>
#include <libxml/globals.h>

#include "taiyaku.h"

/* A growable byte buffer, always NUL-terminated once something was put in it. Growth past
 * `TY__TMX_BUF_CAP` fails (the caller reports TY_ERR_TOOBIG). */
#define TY__TMX_BUF_CAP (4 * TY_TMX_MAX_TEXT + 64)

typedef struct ty__tbuf {
    char *p;
    size_t len, cap;
} ty__tbuf;

/* Append n bytes. Returns 0, or -1 when out of memory or over the cap (`*toobig` set to 1 in
 * that case when toobig is not NULL). */
int ty__tbuf_put(ty__tbuf *b, const char *s, size_t n, int *toobig);
/* Empty the buffer (keeps its memory). */
void ty__tbuf_reset(ty__tbuf *b);
/* The contents as a C string ("" when empty). */
const char *ty__tbuf_str(const ty__tbuf *b);
void ty__tbuf_free(ty__tbuf *b);

/* White-space folding state, carried across the pieces of one <seg>'s text. Set `ja` for
 * Japanese text before the first piece; zero the rest. */
typedef struct ty__fold {
    int ja;         /* Japanese: a run with a line break joins without a space, except
                       between two ASCII letters or digits (as ty_doc joins lines) */
    int any;        /* something (text or an element) was written */
    int pending;    /* white space seen after it, not yet written */
    int brk;        /* the pending run has a line break */
    int prev_alnum; /* the last character written is an ASCII letter or digit */
} ty__fold;

/* Whether the pending white space of `fold` is written as a space before a character `next`
 * (-1: before an element); clears the pending state. */
int ty__fold_space(ty__fold *fold, long next);

/* Append s[0, n) to b cleaned for XML 1.0: bytes that are not UTF-8 and characters XML 1.0
 * forbids become U+FFFD (each counted in *replaced). When `fold` is not NULL, runs of white
 * space and line breaks become one space written only between two pieces of content (none at
 * the start; the one at the end stays pending in *fold; see `ja`). Returns 0, or -1 as
 * ty__tbuf_put. */
int ty__tmx_clean(ty__tbuf *b, const char *s, size_t n, ty__fold *fold, size_t *replaced,
                  int *toobig);

/* Whether `s` is empty or only ASCII white space. */
int ty__tmx_blank(const char *s);

/* Check a language code for TMX: BCP 47 shape (subtags of 1-8 ASCII letters or digits joined
 * by '-', the first one 2-8 letters, or "x"/"i"). `allow_all` also accepts "*all*". Returns 0,
 * or -1 with the reason (one line) in why[0, size). */
int ty__tmx_lang_check(const char *code, int allow_all, char *why, size_t size);

/* Whether two language codes are the same, ignoring case and '-' vs '_'. */
int ty__tmx_lang_equal(const char *a, const char *b);

/* Whether the primary subtag of `code` (before '-' or '_') is `two` or `three`, ignoring
 * case. */
int ty__tmx_lang_primary(const char *code, const char *two, const char *three);

/* libxml2's message handlers of the current thread, as they were before a TMX call. */
typedef struct ty__xml_quiet {
    xmlGenericErrorFunc generic;
    void *generic_ctx;
    xmlStructuredErrorFunc structured;
    void *structured_ctx;
} ty__xml_quiet;

/* Send libxml2's messages to `handler` (with `ctx`; NULL: nowhere) until ty__xml_quiet_end,
 * so that libxml2 prints nothing itself (xml_quiet.c). */
void ty__xml_quiet_begin(ty__xml_quiet *q, xmlStructuredErrorFunc handler, void *ctx);
/* Put the handlers saved in q back. */
void ty__xml_quiet_end(const ty__xml_quiet *q);

/* ty_tmx_read on the calling thread (reader.c; opts->read_ahead is not looked at): what
 * ty_tmx_read (read_ahead.c) runs, there or on a thread of its own. */
ty_status ty__tmx_read_file(const char *path, const ty_tmx_read_opts *opts, ty_tmx_unit_fn fn,
                            void *userdata, ty_tmx_stats *stats, ty_error *err);

#endif
