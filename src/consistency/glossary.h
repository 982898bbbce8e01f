/*
 * glossary.h — private to the glossary modules (glossary.c, glossary_read.c, glossary_tbx.c),
 * the term checks (check_terms.c) and the unit checks (check_unit.c): the glossary's insides,
 * reading TBX into it, status names, and the term index the term checks use. Not installed;
 * the public API is ty_glossary in taiyaku.h.
 */
#ifndef TY_GLOSSARY_H
#define TY_GLOSSARY_H

#include "consistency.h"

/* The glossary's insides (glossary.c), for its readers and the term checks. */
typedef struct concept {
    ty_term *v;
    char **norm; /* ty_normalize of each term's text */
    size_t n, cap;
} concept;

struct ty_glossary {
    concept *c;
    size_t n, cap;
    size_t skipped;
    ty__arena a; /* texts and notes */
};


/* A status name of TSV or TBX (preferred, preferredTerm-admn-sts, deprecatedTerm, …; case
 * ignored, surrounding white space too): 0 and *out, or -1 when unknown. */
int ty__term_status_parse(const char *s, size_t n, ty_term_status *out);

/* Count a concept the reader skipped. */
void ty__glossary_skip(ty_glossary *g);
/* Remove the last concept (the reader found it incomplete). */
ty_status ty__glossary_drop_last(ty_glossary *g, ty_error *err);

/* Add the concepts of a TBX document (buf[0, len), read from `path`) to g. */
ty_status ty__glossary_read_tbx(ty_glossary *g, const char *path, const char *buf, size_t len,
                                ty_error *err);

/* The terms of a glossary indexed for the checks (Japanese by first character, English by
 * first word); the glossary must outlive it. TY_ERR_NOMEM or TY_OK. */
struct ty__term_index;
ty_status ty__term_index_new(const ty_glossary *g, struct ty__term_index **out);
void ty__term_index_free(struct ty__term_index *x);

/* TERM_MISSING and TERM_FORBIDDEN of one unit. */
ty_status ty__check_terms_with(ty__checker *c, struct ty__term_index *x, const ty__unit_in *u);

#endif
