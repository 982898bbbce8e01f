/*
 * pins.c — ty_align_pinned: alignment around beads a reviewer pinned. It checks the pins, cuts
 * both documents at them, aligns each stretch between two pins as a document pair of its own
 * with ty_align, and joins the stretches' beads and the pins in document order. It does not
 * touch the aligner's model or search: a stretch is aligned exactly as a pair of documents
 * holding those sentences would be.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "base/alloc.h"
#include "base/error.h"
#include "segment/doc.h"

/* Segments [first, first + count) of doc as a document of their own: their texts laid end to
 * end as its input, each keeping its label, paragraph, kind and origin. */
static ty_status slice(const ty_doc *doc, size_t first, size_t count, ty_doc **out,
                       ty_error *err)
{
    ty_doc *d = NULL;
    char *buf;
    size_t bytes = 0, o = 0;
    ty_status rc;

    for (size_t i = first; i < first + count; i++)
        bytes += ty_doc_segment(doc, i)->len;
    if (!(buf = malloc(bytes + 1)))
        return ty__nomem(err);
    for (size_t i = first; i < first + count; i++) {
        const ty_segment *s = ty_doc_segment(doc, i);
        memcpy(buf + o, s->text, s->len);
        o += s->len;
    }
    if ((rc = ty__doc_new(ty_doc_lang(doc), ty_doc_name(doc), bytes + 1, &d, err)) != TY_OK)
        goto done;
    o = 0;
    for (size_t i = first; i < first + count; i++) {
        const ty_segment *s = ty_doc_segment(doc, i);
        if ((rc = ty__doc_add(d, buf, o, o + s->len, s->label_len, s->paragraph, s->kind,
                              err)) != TY_OK)
            goto done;
        ty__doc_set_origin(d, i - first, s->heading, s->article, &s->source);
        o += s->len;
    }
    if ((rc = ty__doc_finish(d, err)) == TY_OK) {
        *out = d;
        d = NULL;
    }
done:
    ty_doc_free(d);
    free(buf);
    return rc;
}

static int pin_cmp(const void *a, const void *b)
{
    const ty_bead *x = a, *y = b;
    return (x->ja_first > y->ja_first) - (x->ja_first < y->ja_first);
}

/* The pins sorted, each checked against the documents and its neighbours. */
static ty_status check_pins(const ty_doc *ja, const ty_doc *en, const ty_bead *pins,
                            size_t npins, ty_bead **out, ty_error *err)
{
    size_t nja = ty_doc_count(ja), nen = ty_doc_count(en);
    ty_bead *v;

    *out = NULL;
    for (size_t i = 0; i < npins; i++) {
        const ty_bead *p = &pins[i];
        if (p->ja_count == 0 || p->en_count == 0)
            return ty__fail(err, TY_ERR_INVALID, ty_doc_name(ja), -1, -1,
                            "pin %zu:%zu: a pinned pair needs a sentence on both sides", p->ja_first,
                            p->en_first);
        if (p->ja_first >= nja || p->ja_count > nja - p->ja_first)
            return ty__fail(err, TY_ERR_INVALID, ty_doc_name(ja), -1, -1,
                            "pin %zu:%zu: Japanese sentence %zu is past the end (the document "
                            "has %zu, from 0)",
                            p->ja_first, p->en_first, p->ja_first + p->ja_count - 1, nja);
        if (p->en_first >= nen || p->en_count > nen - p->en_first)
            return ty__fail(err, TY_ERR_INVALID, ty_doc_name(en), -1, -1,
                            "pin %zu:%zu: English sentence %zu is past the end (the document "
                            "has %zu, from 0)",
                            p->ja_first, p->en_first, p->en_first + p->en_count - 1, nen);
    }
    if (!(v = malloc((npins ? npins : 1) * sizeof *v)))
        return ty__nomem(err);
    if (npins)
        memcpy(v, pins, npins * sizeof *v);
    qsort(v, npins, sizeof *v, pin_cmp);
    for (size_t i = 1; i < npins; i++)
        if (v[i].ja_first < v[i - 1].ja_first + v[i - 1].ja_count ||
            v[i].en_first < v[i - 1].en_first + v[i - 1].en_count) {
            ty_status rc = ty__fail(
                err, TY_ERR_INVALID, ty_doc_name(ja), -1, -1,
                "pins %zu:%zu and %zu:%zu cross or overlap (pinned pairs must follow one "
                "another on both sides)",
                v[i - 1].ja_first, v[i - 1].en_first, v[i].ja_first, v[i].en_first);
            free(v);
            return rc;
        }
    *out = v;
    return TY_OK;
}

/* The joined result being built. */
typedef struct joined {
    ty_bead *bead;
    double *x;
    unsigned char *pin;
    size_t n, cap, xcap, pcap;
} joined;

/* Append bead b, with its features x (NULL: none) and whether it is a pin. */
static ty_status push(joined *j, const ty_bead *b, const double *x, int pin, ty_error *err)
{
    if (ty__grow((void **)&j->bead, &j->cap, j->n + 1, sizeof *j->bead) != 0 ||
        ty__grow((void **)&j->x, &j->xcap, (j->n + 1) * TY__CAL_FEATURES, sizeof *j->x) != 0 ||
        ty__grow((void **)&j->pin, &j->pcap, j->n + 1, sizeof *j->pin) != 0)
        return ty__nomem(err);
    j->bead[j->n] = *b;
    j->pin[j->n] = (unsigned char)(pin != 0);
    if (x)
        memcpy(&j->x[j->n * TY__CAL_FEATURES], x, TY__CAL_FEATURES * sizeof *x);
    else
        memset(&j->x[j->n * TY__CAL_FEATURES], 0, TY__CAL_FEATURES * sizeof *x);
    j->n++;
    return TY_OK;
}

/* Align ja[ja0, ja1) with en[en0, en1) on their own and append the beads. */
static ty_status stretch(const ty_doc *ja, const ty_doc *en, size_t ja0, size_t ja1, size_t en0,
                         size_t en1, const ty_align_opts *opts, joined *j, ty_error *err)
{
    ty_doc *sj = NULL, *se = NULL;
    ty_alignment *al = NULL;
    ty_status rc;

    if (ja0 == ja1 && en0 == en1)
        return TY_OK;
    if ((rc = slice(ja, ja0, ja1 - ja0, &sj, err)) != TY_OK ||
        (rc = slice(en, en0, en1 - en0, &se, err)) != TY_OK ||
        (rc = ty_align(sj, se, opts, &al, err)) != TY_OK)
        goto done;
    for (size_t i = 0; i < ty_alignment_count(al) && rc == TY_OK; i++) {
        ty_bead b = *ty_alignment_bead(al, i);
        b.ja_first += ja0;
        b.en_first += en0;
        rc = push(j, &b, ty__alignment_features(al, i), 0, err);
    }
done:
    ty_alignment_free(al);
    ty_doc_free(sj);
    ty_doc_free(se);
    return rc;
}

ty_status ty_align_pinned(const ty_doc *ja, const ty_doc *en, const ty_bead *pins, size_t npins,
                          const ty_align_opts *opts, ty_alignment **out, ty_error *err)
{
    ty_bead *p = NULL;
    joined j = {NULL, NULL, NULL, 0, 0, 0, 0};
    size_t ja0 = 0, en0 = 0;
    ty_status rc;

    *out = NULL;
    if (npins == 0)
        return ty_align(ja, en, opts, out, err);
    if ((rc = check_pins(ja, en, pins, npins, &p, err)) != TY_OK)
        return rc;
    for (size_t i = 0; i <= npins; i++) {
        size_t ja1 = i < npins ? p[i].ja_first : ty_doc_count(ja);
        size_t en1 = i < npins ? p[i].en_first : ty_doc_count(en);
        if ((rc = stretch(ja, en, ja0, ja1, en0, en1, opts, &j, err)) != TY_OK)
            goto fail;
        if (i == npins)
            break;
        p[i].confidence = 1;
        if ((rc = push(&j, &p[i], NULL, 1, err)) != TY_OK)
            goto fail;
        ja0 = p[i].ja_first + p[i].ja_count;
        en0 = p[i].en_first + p[i].en_count;
    }
    free(p);
    return ty__alignment_adopt(j.bead, j.x, j.pin, j.n, out, err);
fail:
    free(p);
    free(j.bead);
    free(j.x);
    free(j.pin);
    return rc;
}
