/*
 * write_alignment.c — ty_tmx_write_alignment and ty_tmx_writer_add_alignment: an alignment of
 * two documents as TMX (a file of its own, or units added to an open writer), one unit per
 * bead with both sides, through the streaming writer. 1:0 / 0:1 beads become notes on a
 * neighbouring unit (keep_unpaired) or are left out; they are never one-sided units. It does
 * not align (align/align.c does) and does not write XML itself (writer.c does).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "tmx.h"

/* Props of one unit: its own four, then two per unpaired bead noted on it. */
typedef struct unit_props {
    ty_prop *props;
    size_t n, cap;
    char (*pos)[48]; /* the segment-position strings, one per prop slot */
    char **texts;    /* joined texts of noted beads, freed after the unit is written */
    size_t ntexts;
} unit_props;

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : (path ? path : "");
}

/* "4" or "4-5": the 0-based segments [first, first+count). */
static void positions(char *buf, size_t size, size_t first, size_t count)
{
    if (count <= 1)
        snprintf(buf, size, "%zu", first);
    else
        snprintf(buf, size, "%zu-%zu", first, first + count - 1);
}

static int props_room(unit_props *p, size_t more)
{
    if (p->n + more > p->cap) {
        size_t cap = p->cap ? p->cap : 8;
        ty_prop *np;
        char(*npos)[48];
        char **nt;
        while (cap < p->n + more)
            cap *= 2;
        if (!(np = realloc(p->props, cap * sizeof *np)))
            return -1;
        p->props = np;
        if (!(npos = realloc(p->pos, cap * sizeof *npos)))
            return -1;
        p->pos = npos;
        if (!(nt = realloc(p->texts, cap * sizeof *nt)))
            return -1;
        p->texts = nt;
        p->cap = cap;
    }
    return 0;
}

/* Add a prop; a NULL value stands for the slot's position string in p->pos, pointed to once
 * every prop is added (p->pos may move while it grows). */
static void add(unit_props *p, const char *type, const char *value)
{
    p->props[p->n].type = type;
    p->props[p->n].value = value;
    p->n++;
}

static void clear_texts(unit_props *p)
{
    for (size_t i = 0; i < p->ntexts; i++)
        free(p->texts[i]);
    p->ntexts = 0;
}

/* Note the unpaired beads among beads [lo, hi) on the unit being built. */
static ty_status note_unpaired(unit_props *p, const ty_doc *ja, const ty_doc *en,
                               const ty_alignment *al, size_t lo, size_t hi, size_t *noted,
                               ty_error *err)
{
    for (size_t i = lo; i < hi; i++) {
        const ty_bead *b = ty_alignment_bead(al, i);
        int side = b->ja_count ? 0 : 1;
        char *text;
        if (b->ja_count && b->en_count)
            continue; /* a paired bead that was not written (low confidence) */
        if (!b->ja_count && !b->en_count)
            continue;
        if (props_room(p, 2) != 0)
            return ty__nomem(err);
        text = side == 0 ? ty_doc_join(ja, b->ja_first, b->ja_count)
                         : ty_doc_join(en, b->en_first, b->en_count);
        if (!text)
            return ty__nomem(err);
        p->texts[p->ntexts++] = text;
        positions(p->pos[p->n], sizeof p->pos[p->n], side == 0 ? b->ja_first : b->en_first,
                  side == 0 ? b->ja_count : b->en_count);
        add(p, side == 0 ? "x-unpaired-ja" : "x-unpaired-en", NULL);
        add(p, "note", text);
        (*noted)++;
    }
    return TY_OK;
}

/* Write bead `i` with the unpaired beads of [lo1, hi1) and [lo2, hi2) noted on it. */
static ty_status write_bead(ty_tmx_writer *w, const ty_doc *ja, const ty_doc *en,
                            const ty_alignment *al, size_t i, const char *names[2],
                            const size_t range[4], int keep_unpaired, unit_props *p,
                            size_t *noted_total, ty_error *err)
{
    const ty_bead *b = ty_alignment_bead(al, i);
    char *jt = NULL, *et = NULL, shape[48];
    size_t noted = 0, before;
    ty_unit u;
    ty_status st = TY_OK;

    p->n = 0;
    if (props_room(p, 4) != 0)
        return ty__nomem(err);
    if (*names[0])
        add(p, "x-ja-document", names[0]);
    if (*names[1])
        add(p, "x-en-document", names[1]);
    positions(p->pos[p->n], sizeof p->pos[p->n], b->ja_first, b->ja_count);
    add(p, "x-ja-segments", NULL);
    positions(p->pos[p->n], sizeof p->pos[p->n], b->en_first, b->en_count);
    add(p, "x-en-segments", NULL);
    if (keep_unpaired &&
        ((st = note_unpaired(p, ja, en, al, range[0], range[1], &noted, err)) != TY_OK ||
         (st = note_unpaired(p, ja, en, al, range[2], range[3], &noted, err)) != TY_OK))
        goto done;
    for (size_t k = 0; k < p->n; k++)
        if (!p->props[k].value)
            p->props[k].value = p->pos[k];
    jt = ty_doc_join(ja, b->ja_first, b->ja_count);
    et = ty_doc_join(en, b->en_first, b->en_count);
    if (!jt || !et) {
        st = ty__nomem(err);
        goto done;
    }
    memset(&u, 0, sizeof u);
    u.ja = jt;
    u.en = et;
    u.confidence = b->confidence;
    snprintf(shape, sizeof shape, "%zu:%zu", b->ja_count, b->en_count);
    u.shape = shape;
    u.props = p->props;
    u.nprops = p->n;
    before = ty_tmx_writer_counts(w)->units;
    if ((st = ty_tmx_writer_add(w, &u, err)) == TY_OK &&
        ty_tmx_writer_counts(w)->units > before)
        *noted_total += noted;
done:
    free(jt);
    free(et);
    clear_texts(p);
    return st;
}

static ty_status check_beads(const ty_doc *ja, const ty_doc *en, const ty_alignment *al,
                             ty_error *err)
{
    size_t nj = ty_doc_count(ja), ne = ty_doc_count(en);
    for (size_t i = 0; i < ty_alignment_count(al); i++) {
        const ty_bead *b = ty_alignment_bead(al, i);
        if (b->ja_first > nj || b->ja_count > nj - b->ja_first || b->en_first > ne ||
            b->en_count > ne - b->en_first)
            return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                            "bead %zu is outside the documents (%zu and %zu segments)", i, nj,
                            ne);
    }
    return TY_OK;
}

ty_status ty_tmx_writer_add_alignment(ty_tmx_writer *w, const ty_doc *ja, const ty_doc *en,
                                     const ty_alignment *al, const ty_tmx_write_opts *opts,
                                     ty_tmx_write_counts *counts, ty_error *err)
{
    ty_tmx_write_opts defaults;
    ty_tmx_write_counts before = *ty_tmx_writer_counts(w);
    unit_props p = {NULL, 0, 0, NULL, NULL, 0};
    const char *names[2];
    size_t n, prev = (size_t)-1, prev_lo = 0, unpaired = 0, noted = 0;
    ty_status st;

    if (counts)
        memset(counts, 0, sizeof *counts);
    if (!ja || !en || !al)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                        "ty_tmx_write_alignment: no documents or alignment");
    if (!opts) {
        ty_tmx_write_opts_init(&defaults);
        opts = &defaults;
    }
    if ((st = check_beads(ja, en, al, err)) != TY_OK)
        return st;
    names[0] = opts->ja_document ? opts->ja_document : base_name(ty_doc_name(ja));
    names[1] = opts->en_document ? opts->en_document : base_name(ty_doc_name(en));
    n = ty_alignment_count(al);
    /* A unit is written once the next one is known, so that unpaired beads after the last
     * unit can still be noted on it. */
    for (size_t i = 0; i < n; i++) {
        const ty_bead *b = ty_alignment_bead(al, i);
        size_t range[4];
        if (!b->ja_count || !b->en_count) {
            unpaired += (b->ja_count || b->en_count);
            continue;
        }
        if (b->confidence >= 0 && b->confidence < opts->min_confidence) {
            range[0] = range[1] = range[2] = range[3] = 0;
            if ((st = write_bead(w, ja, en, al, i, names, range, 0, &p, &noted, err)) != TY_OK)
                goto done;
            continue;
        }
        if (prev != (size_t)-1) {
            range[0] = prev_lo, range[1] = prev, range[2] = range[3] = 0;
            if ((st = write_bead(w, ja, en, al, prev, names, range, opts->keep_unpaired, &p,
                                 &noted, err)) != TY_OK)
                goto done;
        }
        prev_lo = prev == (size_t)-1 ? 0 : prev + 1;
        prev = i;
    }
    if (prev != (size_t)-1) {
        size_t range[4] = {prev_lo, prev, prev + 1, n};
        if ((st = write_bead(w, ja, en, al, prev, names, range, opts->keep_unpaired, &p, &noted,
                             err)) != TY_OK)
            goto done;
    }
    if (counts) {
        const ty_tmx_write_counts *after = ty_tmx_writer_counts(w);
        counts->units = after->units - before.units;
        counts->low_confidence = after->low_confidence - before.low_confidence;
        counts->one_sided = after->one_sided - before.one_sided;
        counts->replaced = after->replaced - before.replaced;
        counts->ids_replaced = after->ids_replaced - before.ids_replaced;
        counts->langs_fixed = after->langs_fixed - before.langs_fixed;
        counts->unpaired = unpaired;
        counts->unpaired_noted = noted;
    }
done:
    free(p.props);
    free(p.pos);
    free(p.texts);
    return st;
}

ty_status ty_tmx_write_alignment(const char *path, const ty_doc *ja, const ty_doc *en,
                                 const ty_alignment *al, const ty_tmx_write_opts *opts,
                                 ty_tmx_write_counts *counts, ty_error *err)
{
    ty_tmx_writer *w = NULL;
    ty_status st;

    if (counts)
        memset(counts, 0, sizeof *counts);
    if ((st = ty_tmx_writer_open(path, opts, &w, err)) != TY_OK)
        return st;
    if ((st = ty_tmx_writer_add_alignment(w, ja, en, al, opts, counts, err)) != TY_OK) {
        ty_tmx_writer_abort(w);
        return st;
    }
    st = ty_tmx_writer_close(w, err);
    if (st != TY_OK && counts)
        memset(counts, 0, sizeof *counts);
    return st;
}
