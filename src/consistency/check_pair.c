/*
 * check_pair.c — ty_check_pair: a new translation checked before it goes out, against a memory
 * when there is one, without storing it.
 *
 * Its units are the aligned beads with both sides. Each gets the unit checks (check_unit.c);
 * SAME_JA / SAME_EN compare them with each other, CONFIDENCE reads the beads. With a memory:
 *   memory  the memory holds the unit's Japanese (normalized) and never with its English:
 *           warning when the memory renders it one way (or with an established share), info when
 *           the memory itself is divided; the expected English is the most used one.
 *   phrase  the memory's recurring Japanese phrases (the mining of phrases.c, counting only word
 *           n-grams the new document has) that the new document uses, with an established
 *           rendering (the dominant one of ty_phrase_report: at least opts->established of the
 *           uses, in two documents or more, three uses or more): a new unit with the phrase whose
 *           English does not use that rendering is a warning, saying which variant of the
 *           memory it uses, if any.
 * The memory's accepted findings are left out like a memory check's. It does not print.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consistency.h"
#include "base/error.h"

typedef struct newunit {
    ty_tm_entry e;
    ty_tm_occurrence occ;
    ty__entry_norm nm;
    char *text[2], *norm[2];
    char segs[2][48];
    ty__toks toks; /* the Japanese words (phrase check) */
} newunit;

typedef struct pair {
    newunit *u;
    size_t n;
    char *docname;
} pair;

static void pair_free(pair *p)
{
    for (size_t i = 0; i < p->n; i++) {
        for (int l = 0; l < 2; l++) {
            free(p->u[i].text[l]);
            free(p->u[i].norm[l]);
        }
        ty__toks_free(&p->u[i].toks);
    }
    free(p->u);
    free(p->docname);
    memset(p, 0, sizeof *p);
}

static const char *base_name(const char *path)
{
    const char *s = path ? strrchr(path, '/') : NULL;
    return s ? s + 1 : path ? path : "";
}

static void segments(char *buf, size_t size, size_t first, size_t count)
{
    if (count == 1)
        snprintf(buf, size, "%zu", first);
    else
        snprintf(buf, size, "%zu-%zu", first, first + count - 1);
}

static ty_status make_units(const ty_doc *ja, const ty_doc *en, const ty_alignment *al, pair *p,
                            ty_error *err)
{
    size_t nb = ty_alignment_count(al);
    const char *jn = base_name(ty_doc_name(ja)), *enn = base_name(ty_doc_name(en));

    if (!(p->docname = malloc(strlen(jn) + strlen(enn) + 4)) ||
        !(p->u = calloc(nb + 1, sizeof *p->u)))
        return ty__nomem(err);
    sprintf(p->docname, "%s | %s", jn, enn);
    for (size_t b = 0; b < nb; b++) {
        const ty_bead *bd = ty_alignment_bead(al, b);
        newunit *u;
        if (!bd->ja_count || !bd->en_count)
            continue;
        u = &p->u[p->n];
        u->text[0] = ty_doc_join(ja, bd->ja_first, bd->ja_count);
        u->text[1] = ty_doc_join(en, bd->en_first, bd->en_count);
        p->n++;
        for (int l = 0; l < 2; l++)
            if (!u->text[l] || !(u->norm[l] = ty_normalize(u->text[l], strlen(u->text[l]), NULL)))
                return ty__nomem(err);
        segments(u->segs[0], sizeof u->segs[0], bd->ja_first, bd->ja_count);
        segments(u->segs[1], sizeof u->segs[1], bd->en_first, bd->en_count);
        u->occ.document_id = -1;
        u->occ.document = p->docname;
        u->occ.position = (long long)b;
        u->occ.confidence = bd->confidence;
        u->occ.ja_segments = u->segs[0];
        u->occ.en_segments = u->segs[1];
        u->e.id = -1;
        u->e.ja = u->text[0];
        u->e.en = u->text[1];
        u->e.count = 1;
        u->e.confidence = bd->confidence;
        u->e.occ = &u->occ;
        u->e.nocc = 1;
        u->nm.norm[0] = u->norm[0];
        u->nm.norm[1] = u->norm[1];
        u->nm.first_doc = -1;
        u->nm.first_pos = (long long)b;
    }
    return TY_OK;
}

static void unit_in(const newunit *nu, ty__unit_in *u)
{
    memset(u, 0, sizeof *u);
    u->id = -1;
    u->text[0] = nu->text[0];
    u->text[1] = nu->text[1];
    u->norm[0] = nu->norm[0];
    u->norm[1] = nu->norm[1];
    u->entry = &nu->e;
}

/* ---- the memory holds the Japanese with another English ---- */

/* What the memory holds of one new unit's Japanese: its renderings, the most used first. */
typedef struct held {
    ty__checker *c;
    const newunit *nu;
    size_t uses, top_uses, renderings;
    int same;
    char *top;
} held;

static ty_status held_row(void *user, const ty__unit_row *u, ty_error *err)
{
    held *h = user;
    const char *jn = u->norm[TY_LANG_JA], *en = u->text[TY_LANG_EN], *enn = u->norm[TY_LANG_EN];

    (void)err;
    if (!jn || !en || !enn || strcmp(jn, h->nu->norm[0]))
        return TY_OK; /* another text of the same hash */
    h->same |= !strcmp(enn, h->nu->norm[1]);
    h->uses += (size_t)u->count;
    h->renderings++;
    if (!h->top) {
        h->top = ty__arena_strdup(&h->c->a, en);
        h->top_uses = (size_t)u->count;
    }
    return TY_OK;
}

static ty_status check_memory(ty__checker *c, pair *p)
{
    static const char sql[] =
        "SELECT t.en, coalesce(t.en_norm, t.en), u.count, coalesce(t.ja_norm, t.ja)"
        " FROM units u JOIN unit_text t ON t.id = u.id WHERE u.ja_hash = ?1"
        " ORDER BY u.count DESC, u.id";
    sqlite3_stmt *st = NULL;
    ty_status rc = TY_OK;

    if (!c->tm->be && (rc = ty__tm_prepare(c->tm, sql, &st, c->err)) != TY_OK)
        return rc;
    for (size_t i = 0; i < p->n && rc == TY_OK; i++) {
        newunit *nu = &p->u[i];
        uint64_t h = ty__tm_hash64(nu->norm[0], strlen(nu->norm[0]));
        int step;
        held hd;
        ty__unit_in u;
        ty__arena_clear(&c->a);
        memset(&hd, 0, sizeof hd);
        hd.c = c;
        hd.nu = nu;
        if (c->tm->be) {
            if ((rc = c->tm->be->same_hash(c->tm, TY_LANG_JA, h, held_row, &hd, c->err)) != TY_OK)
                break;
        } else {
            sqlite3_bind_int64(st, 1, (sqlite3_int64)h);
            while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                ty__unit_row row;
                memset(&row, 0, sizeof row);
                row.norm[TY_LANG_JA] = (const char *)sqlite3_column_text(st, 3);
                row.text[TY_LANG_EN] = (const char *)sqlite3_column_text(st, 0);
                row.norm[TY_LANG_EN] = (const char *)sqlite3_column_text(st, 1);
                row.count = sqlite3_column_int64(st, 2);
                held_row(&hd, &row, c->err);
            }
            sqlite3_reset(st);
            if (step != SQLITE_DONE) {
                rc = ty__tm_fail(c->tm, c->err, "reading the memory");
                break;
            }
        }
        if (!hd.renderings || hd.same)
            continue;
        if (!hd.top) {
            rc = TY_ERR_NOMEM;
            break;
        }
        {
            char msg[600];
            ty_severity sev =
                hd.renderings == 1 || (double)hd.top_uses >= c->o.established * hd.uses
                    ? TY_SEVERITY_WARNING
                    : TY_SEVERITY_INFO;
            snprintf(msg, sizeof msg, "the memory has this Japanese as \"%.400s\" (%zu of %zu uses)",
                     hd.top, hd.top_uses, hd.uses);
            unit_in(nu, &u);
            rc = ty__emit_unit(c, &u, TY_CHECK_MEMORY, NULL, sev,
                               0.5 + 0.3 * (double)hd.top_uses / (double)hd.uses, msg, NULL,
                               hd.top, hd.top);
        }
    }
    sqlite3_finalize(st);
    ty__arena_clear(&c->a);
    return rc;
}

/* ---- established renderings of the memory's phrases ---- */

/* Whether the normalized English holds r (a normalized rendering) as whole words; its byte
 * offset in *at. */
static int has_rendering(const char *en, const char *r, size_t *at)
{
    size_t rl = strlen(r);
    for (const char *p = strstr(en, r); p; p = strstr(p + 1, r)) {
        unsigned char b = p > en ? (unsigned char)p[-1] : ' ', a = (unsigned char)p[rl];
        int wb = (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9');
        int wa = (a >= 'a' && a <= 'z') || (a >= '0' && a <= '9');
        if (!wb && !wa) {
            *at = (size_t)(p - en);
            return 1;
        }
    }
    return 0;
}

static ty_status phrase_findings(ty__checker *c, pair *p, const char *key,
                                 const ty_phrase_report *r)
{
    const ty_phrase_rendering *r0;
    ty_status rc = TY_OK;

    if (!r->nrenderings)
        return TY_OK;
    r0 = &r->renderings[0];
    if (r0->share < c->o.established || r0->documents < 2 || r0->uses < 3)
        return TY_OK;
    for (size_t i = 0; i < p->n && rc == TY_OK; i++) {
        newunit *nu = &p->u[i];
        const char *at = strstr(nu->norm[0], key);
        const ty_phrase_rendering *variant = NULL;
        size_t off, a, b;
        ty__spans sp = {0};
        ty__unit_in u;
        char msg[700], detail[600];
        if (!at || has_rendering(nu->norm[1], r0->norm, &off))
            continue;
        ty__arena_clear(&c->a);
        for (size_t k = 1; k < r->nrenderings && !variant; k++)
            if (has_rendering(nu->norm[1], r->renderings[k].norm, &off))
                variant = &r->renderings[k];
        ty__locate_norm(nu->text[0], nu->norm[0], (size_t)(at - nu->norm[0]),
                        (size_t)(at - nu->norm[0]) + strlen(key), &a, &b);
        if ((rc = ty__span_add(c, &sp, TY_LANG_JA, nu->text[0], a, b)) != TY_OK)
            break;
        if (variant) {
            ty__locate_norm(nu->text[1], nu->norm[1], off, off + strlen(variant->norm), &a, &b);
            if ((rc = ty__span_add(c, &sp, TY_LANG_EN, nu->text[1], a, b)) != TY_OK)
                break;
            snprintf(msg, sizeof msg,
                     "%.200s: \"%.150s\" (%d%% of the memory's uses) instead of \"%.150s\" (%d%%, "
                     "%zu documents)",
                     r->surface, variant->text, (int)(variant->share * 100 + 0.5), r0->text,
                     (int)(r0->share * 100 + 0.5), r0->documents);
        } else {
            snprintf(msg, sizeof msg,
                     "%.200s: the memory renders it \"%.200s\" (%d%% of %zu uses, %zu documents); "
                     "this English does not",
                     r->surface, r0->text, (int)(r0->share * 100 + 0.5), r->nuses, r0->documents);
        }
        snprintf(detail, sizeof detail, "%.250s\x1e%.250s", key, r0->norm);
        unit_in(nu, &u);
        rc = ty__emit_unit(c, &u, TY_CHECK_PHRASE, &sp, TY_SEVERITY_WARNING, 0.5 + 0.3 * r0->share,
                           msg, r->surface, r0->text, detail);
    }
    return rc;
}

static ty_status check_phrases(ty__checker *c, pair *p)
{
    ty__phrase_ctx pc;
    ty_phrases_opts po;
    ty__u64map allowed = {0};
    char **keys = NULL;
    size_t nkeys = 0;
    ty_status rc;

    ty_phrases_opts_init(&po);
    po.phrase.lexicon = c->o.lexicon;
    if ((rc = ty__phrase_ctx_init(&pc, c->tm, c->o.lexicon, c->err)) != TY_OK)
        return rc;
    /* every word n-gram of the new Japanese, as phrases.c hashes them */
    for (size_t i = 0; i < p->n && rc == TY_OK; i++) {
        ty__toks *t = &p->u[i].toks;
        if ((rc = ty__tokenize_words(pc.tk[TY_LANG_JA], p->u[i].text[0], strlen(p->u[i].text[0]),
                                     t, c->err)) != TY_OK)
            break;
        for (size_t a = 0; a < t->n && rc == TY_OK; a++) {
            uint64_t h = 0;
            for (size_t b = a; b < t->n && b < a + po.max_words; b++) {
                if (b > a && (t->v[b - 1].flags & TY__TOK_STOP))
                    break;
                h = b == a ? ty__ngram_first(&t->v[a]) : ty__ngram_next(h, &t->v[b - 1], &t->v[b]);
                if (!ty__u64map_insert(&allowed, h, 1, NULL)) {
                    rc = ty__nomem(c->err);
                    break;
                }
            }
        }
    }
    if (rc == TY_OK && allowed.n)
        rc = ty__phrases_mine(&pc, &po, &allowed, &keys, &nkeys, c->err);
    for (size_t k = 0; k < nkeys && rc == TY_OK; k++) {
        ty_phrase_report *r = NULL;
        int used = 0;
        for (size_t i = 0; i < p->n && !used; i++)
            used = strstr(p->u[i].norm[0], keys[k]) != NULL;
        if (!used)
            continue;
        if ((rc = ty__phrase_report(&pc, keys[k], &po.phrase, &r, c->err)) == TY_OK)
            rc = phrase_findings(c, p, keys[k], r);
        ty_phrase_report_free(r);
    }
    for (size_t k = 0; k < nkeys; k++)
        free(keys[k]);
    free(keys);
    ty__u64map_free(&allowed);
    ty__phrase_ctx_done(&pc);
    ty__arena_clear(&c->a);
    return rc;
}

/* ---- CONFIDENCE and SAME_* among the new units ---- */

static ty_status check_confidence(ty__checker *c, pair *p)
{
    ty_status rc = TY_OK;
    for (size_t i = 0; i < p->n && rc == TY_OK; i++) {
        newunit *nu = &p->u[i];
        ty__unit_in u;
        char msg[64];
        if (!(nu->occ.confidence >= 0 && nu->occ.confidence < c->o.min_confidence))
            continue;
        ty__arena_clear(&c->a);
        snprintf(msg, sizeof msg, "alignment confidence %.2f", nu->occ.confidence);
        unit_in(nu, &u);
        rc = ty__emit_unit(c, &u, TY_CHECK_CONFIDENCE, NULL, TY_SEVERITY_WARNING,
                           0.4 + 0.3 * (1 - nu->occ.confidence), msg, NULL, NULL, NULL);
    }
    return rc;
}

static ty_status check_same(ty__checker *c, pair *p, ty_lang lang)
{
    ty_tm_entry *e = malloc((p->n + 1) * sizeof *e);
    ty__entry_norm *nm = malloc((p->n + 1) * sizeof *nm);
    ty_status rc;

    if (!e || !nm) {
        free(e);
        free(nm);
        return TY_ERR_NOMEM;
    }
    for (size_t i = 0; i < p->n; i++) {
        e[i] = p->u[i].e;
        nm[i] = p->u[i].nm;
    }
    ty__arena_clear(&c->a);
    rc = ty__check_same_entries(c, e, nm, p->n, lang);
    ty__arena_clear(&c->a);
    free(e);
    free(nm);
    return rc;
}

ty_status ty_check_pair(ty_tm *tm, const ty_doc *ja, const ty_doc *en, const ty_alignment *al,
                        const ty_check_opts *opts, ty_check_fn fn, void *userdata,
                        ty_check_counts *counts, ty_error *err)
{
    ty__checker c;
    pair p = {0};
    ty_status rc;

    if (!ja || !en || !al || !fn)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no documents, alignment or callback");
    if ((rc = ty__checker_init(&c, tm, opts, fn, userdata, counts, err)) != TY_OK)
        return rc;
    if ((rc = make_units(ja, en, al, &p, c.err)) != TY_OK ||
        (rc = ty__unit_checks_new(&c, c.err)) != TY_OK)
        goto done;
    c.counts->units = p.n;
    if (c.o.checks & (1u << TY_CHECK_SAME_JA))
        rc = check_same(&c, &p, TY_LANG_JA);
    if (rc == TY_OK && (c.o.checks & (1u << TY_CHECK_SAME_EN)))
        rc = check_same(&c, &p, TY_LANG_EN);
    for (size_t i = 0; i < p.n && rc == TY_OK; i++) {
        ty__unit_in u;
        unit_in(&p.u[i], &u);
        ty__arena_clear(&c.a);
        rc = ty__check_unit(&c, &u);
    }
    if (rc == TY_OK && tm && (c.o.checks & (1u << TY_CHECK_MEMORY)))
        rc = check_memory(&c, &p);
    if (rc == TY_OK && tm && (c.o.checks & (1u << TY_CHECK_PHRASE)))
        rc = check_phrases(&c, &p);
    if (rc == TY_OK && (c.o.checks & (1u << TY_CHECK_CONFIDENCE)))
        rc = check_confidence(&c, &p);
    rc = ty__checker_status(&c, rc);
done:
    pair_free(&p);
    ty__checker_done(&c);
    return rc;
}
