/*
 * api_check.c — the consistency routes: GET /api/check (the findings of `taiyaku check` on the
 * memory, the most important first, each unit's texts cut into parts with what the finding is
 * about marked), GET /api/ignored and POST /api/ignore (accepting a finding, or reporting it
 * again, in the memory's ignore list, which the CLI's check reads too), and the phrase reports
 * GET /api/phrases and GET /api/phrase. The checks and reports are the library's.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "serve.h"

/* Side `lang` of unit `u` of a finding, its spans marked. */
static void finding_side(sv_buf *b, const ty_check_finding *f, size_t u, ty_lang lang)
{
    const char *text = lang == TY_LANG_JA ? f->units[u].ja : f->units[u].en;
    size_t spans[64], n = 0, from = 0;
    const ty_check_span *x;

    while (n < 32 && (x = ty_check_span_next(f, u, lang, from)) != NULL) {
        if (x->end <= x->start)
            break;
        spans[2 * n] = x->start;
        spans[2 * n + 1] = x->end;
        n++;
        from = x->end;
    }
    sv_json_parts(b, text ? text : "", spans, n);
}

static void occurrences(sv_buf *b, const ty_tm_entry *u)
{
    sv_buf_puts(b, "[");
    for (size_t k = 0; k < u->nocc && k < 20; k++) {
        sv_buf_printf(b, "%s{\"document_id\":%lld,\"document\":", k ? "," : "",
                      u->occ[k].document_id);
        sv_json_str(b, u->occ[k].document);
        sv_buf_printf(b, ",\"position\":%lld,\"confidence\":", u->occ[k].position);
        sv_json_conf(b, u->occ[k].confidence);
        sv_buf_puts(b, "}");
    }
    sv_buf_puts(b, "]");
}

static void finding(sv_buf *b, const ty_check_finding *f)
{
    sv_buf_printf(b, "{\"id\":\"%s\",\"kind\":\"%s\",\"severity\":\"%s\",\"rank\":%.3f,\"message\":",
                  f->id, ty_check_kind_name(f->kind), ty_severity_name(f->severity), f->rank);
    sv_json_str(b, f->message);
    sv_buf_puts(b, ",\"rule\":");
    sv_json_str(b, f->rule);
    sv_buf_puts(b, ",\"expected\":");
    sv_json_str(b, f->expected);
    sv_buf_puts(b, ",\"units\":[");
    for (size_t i = 0; i < f->nunits && i < 50; i++) {
        const ty_tm_entry *u = &f->units[i];
        sv_buf_printf(b, "%s{\"unit\":%lld,\"rendering\":%ld,\"count\":%zu,\"ja\":", i ? "," : "",
                      u->id, f->rendering ? (long)f->rendering[i] : -1L, u->count);
        finding_side(b, f, i, TY_LANG_JA);
        sv_buf_puts(b, ",\"en\":");
        finding_side(b, f, i, TY_LANG_EN);
        sv_buf_puts(b, ",\"confidence\":");
        sv_json_conf(b, u->confidence);
        sv_buf_puts(b, ",\"occurrences\":");
        occurrences(b, u);
        sv_buf_puts(b, "}");
    }
    sv_buf_printf(b, "],\"nunits\":%zu}", f->nunits);
}

void sv_api_check(const sv_ctx *c, sv_resp *rs)
{
    ty_check_opts o;
    ty_check_counts k;
    ty_check_results *r = NULL;
    ty_tm *tm = NULL;
    ty_error e;
    char *doc = NULL, *kinds = NULL, *sev = NULL;
    long max;
    int bad;

    ty_check_opts_init(&o);
    ty_error_clear(&e);
    if ((doc = sv_param(c, rs, "document", &bad)), bad)
        goto done;
    if ((kinds = sv_param(c, rs, "kinds", &bad)), bad)
        goto done;
    if ((sev = sv_param(c, rs, "severity", &bad)), bad)
        goto done;
    if (sv_param_long(c, rs, "max", 1, 10000, 200, &max))
        goto done;
    if ((kinds && ty_check_kinds_parse(kinds, &o.checks, &e) != TY_OK) ||
        (sev && ty_severity_parse(sev, &o.min_severity, &e) != TY_OK)) {
        sv_fail(rs, &e);
        goto done;
    }
    o.document = doc && *doc ? doc : NULL;
    if (ty_check_results_new(&r, &e) != TY_OK || !(tm = sv_reader_get(c->s, &e))) {
        sv_fail(rs, &e);
        goto done;
    }
    ty_status st = ty_consistency_check(tm, &o, ty_check_results_add, r, &k, &e);
    sv_reader_put(c->s, tm);
    if (st != TY_OK) {
        sv_fail(rs, &e);
        goto done;
    }
    ty_check_results_sort(r);
    sv_json_begin(rs);
    sv_buf *b = &rs->body;
    size_t n = ty_check_results_count(r);
    sv_buf_printf(b, "{\"total\":%zu,\"ignored\":%zu,\"below\":%zu,\"units\":%zu,\"counts\":{",
                  n, k.ignored, k.below, k.units);
    for (int s = TY_SEVERITY_INFO; s <= TY_SEVERITY_ERROR; s++)
        sv_buf_printf(b, "%s\"%s\":%zu", s ? "," : "", ty_severity_name((ty_severity)s),
                      k.severities[s]);
    sv_buf_puts(b, "},\"findings\":[");
    for (size_t i = 0; i < n && i < (size_t)max; i++) {
        if (i)
            sv_buf_puts(b, ",");
        finding(b, ty_check_results_get(r, i));
    }
    sv_buf_puts(b, "]}\n");
done:
    ty_check_results_free(r);
    free(doc);
    free(kinds);
    free(sev);
}

static ty_status ignored_one(const ty_check_ignored *x, void *userdata)
{
    sv_buf *b = userdata;
    sv_buf_puts(b, (!b->len || b->p[b->len - 1] == '[') ? "{\"id\":" : ",{\"id\":");
    sv_json_str(b, x->id);
    sv_buf_puts(b, ",\"note\":");
    sv_json_str(b, x->note);
    sv_buf_puts(b, ",\"who\":");
    sv_json_str(b, x->who);
    sv_buf_puts(b, ",\"added_at\":");
    sv_json_str(b, x->added_at);
    sv_buf_puts(b, "}");
    return TY_OK;
}

void sv_api_ignored(const sv_ctx *c, sv_resp *rs)
{
    ty_error e;
    ty_tm *tm = sv_reader_get(c->s, &e);

    if (!tm) {
        sv_fail(rs, &e);
        return;
    }
    sv_json_begin(rs);
    sv_buf_puts(&rs->body, "{\"ignored\":[");
    ty_status st = ty_check_ignore_list(tm, ignored_one, &rs->body, &e);
    sv_reader_put(c->s, tm);
    if (st != TY_OK)
        sv_fail(rs, &e);
    else
        sv_buf_puts(&rs->body, "]}\n");
}

/* POST /api/ignore {"id": ID, "note": TEXT?, "undo": false?}: accept the finding (or, with
 * "undo": true, report it again), recorded with who. */
void sv_api_ignore(const sv_ctx *c, sv_resp *rs)
{
    sv_json *body = sv_body(c, rs);
    const sv_json *id, *note, *undo;
    ty_error e;
    ty_status st;

    if (!body)
        return;
    id = sv_json_get(body, "id");
    note = sv_json_get(body, "note");
    undo = sv_json_get(body, "undo");
    if (!id || id->type != SV_JSTR || !ty_check_id_valid(id->str)) {
        sv_error(rs, 400, "\"id\" must be a finding id (%d hex digits)", TY_CHECK_ID_LEN);
        goto done;
    }
    if ((note && note->type != SV_JSTR && note->type != SV_JNULL) ||
        (undo && undo->type != SV_JBOOL)) {
        sv_error(rs, 400, "\"note\" is a text and \"undo\" true or false");
        goto done;
    }
    ty_error_clear(&e);
    pthread_mutex_lock(&c->s->write_lock);
    if (undo && undo->num)
        st = ty_check_ignore_remove(c->s->writer, id->str, &e);
    else
        st = ty_check_ignore_add(c->s->writer, id->str, note && note->type == SV_JSTR ? note->str : NULL,
                                 c->who, &e);
    pthread_mutex_unlock(&c->s->write_lock);
    if (st != TY_OK) {
        sv_fail(rs, &e);
        goto done;
    }
    sv_json_begin(rs);
    sv_buf_puts(&rs->body, "{\"id\":");
    sv_json_str(&rs->body, id->str);
    sv_buf_printf(&rs->body, ",\"ignored\":%s}\n", undo && undo->num ? "false" : "true");
done:
    sv_json_free(body);
}

static void report(sv_buf *b, const ty_phrase_report *p, size_t max_uses)
{
    sv_buf_puts(b, "{\"phrase\":");
    sv_json_str(b, p->phrase);
    sv_buf_puts(b, ",\"surface\":");
    sv_json_str(b, p->surface);
    sv_buf_printf(b, ",\"from\":\"%s\",\"units\":%zu,\"documents\":%zu,\"unmatched\":%zu,"
                     "\"renderings\":[",
                  p->from == TY_LANG_JA ? "ja" : "en", p->units, p->documents, p->unmatched);
    for (size_t i = 0; i < p->nrenderings; i++) {
        const ty_phrase_rendering *r = &p->renderings[i];
        sv_buf_puts(b, i ? ",{\"text\":" : "{\"text\":");
        sv_json_str(b, r->text);
        sv_buf_printf(b, ",\"uses\":%zu,\"units\":%zu,\"documents\":%zu,\"share\":%.3f}", r->uses,
                      r->units, r->documents, r->share);
    }
    sv_buf_puts(b, "],\"uses\":[");
    for (size_t i = 0, n = 0; i < p->nuses && n < max_uses; i++) {
        const ty_phrase_use *u = &p->uses[i];
        const char *src = p->from == TY_LANG_JA ? u->unit->ja : u->unit->en;
        const char *tgt = p->from == TY_LANG_JA ? u->unit->en : u->unit->ja;
        size_t ps[2] = {u->phrase_start, u->phrase_end}, rs_[2] = {u->start, u->end};
        sv_buf_printf(b, "%s{\"rendering\":%ld,\"source\":", n++ ? "," : "", u->rendering);
        sv_json_parts(b, src, ps, u->phrase_end > u->phrase_start);
        sv_buf_puts(b, ",\"target\":");
        sv_json_parts(b, tgt, rs_, u->end > u->start);
        sv_buf_puts(b, ",\"document\":");
        sv_json_str(b, u->occ->document);
        sv_buf_printf(b, ",\"position\":%lld}", u->occ->position);
    }
    sv_buf_puts(b, "]}");
}

void sv_api_phrase(const sv_ctx *c, sv_resp *rs)
{
    ty_phrase_opts o;
    ty_phrase_report *p = NULL;
    ty_error e;
    ty_tm *tm;
    char *q = NULL, *from = NULL;
    int bad;

    ty_phrase_opts_init(&o);
    if (!(q = sv_param(c, rs, "q", &bad)) || !*q) {
        if (!bad)
            sv_error(rs, 400, "the parameter 'q' (the phrase) is required");
        goto done;
    }
    if ((from = sv_param(c, rs, "from", &bad)), bad)
        goto done;
    if (from && strcmp(from, "ja") && strcmp(from, "en")) {
        sv_error(rs, 400, "the parameter 'from' is ja or en");
        goto done;
    }
    o.from = from && !strcmp(from, "en") ? TY_LANG_EN : TY_LANG_JA;
    if (!(tm = sv_reader_get(c->s, &e))) {
        sv_fail(rs, &e);
        goto done;
    }
    ty_error_clear(&e);
    ty_status st = ty_phrase_report_new(tm, q, &o, &p, &e);
    sv_reader_put(c->s, tm);
    if (st != TY_OK) {
        sv_fail(rs, &e);
        goto done;
    }
    sv_json_begin(rs);
    report(&rs->body, p, 200);
    sv_buf_puts(&rs->body, "\n");
done:
    ty_phrase_report_free(p);
    free(q);
    free(from);
}

void sv_api_phrases(const sv_ctx *c, sv_resp *rs)
{
    ty_phrases_opts o;
    ty_phrases *p = NULL;
    ty_error e;
    ty_tm *tm;
    char *order = NULL;
    long max, docs;
    int bad;

    ty_phrases_opts_init(&o);
    if ((order = sv_param(c, rs, "order", &bad)), bad)
        goto done;
    if (order && strcmp(order, "documents") && strcmp(order, "share")) {
        sv_error(rs, 400, "the parameter 'order' is documents or share");
        goto done;
    }
    if (sv_param_long(c, rs, "max", 1, 1000, 50, &max) ||
        sv_param_long(c, rs, "min_documents", 2, 1000, (long)o.min_documents, &docs))
        goto done;
    o.max_phrases = (size_t)max;
    o.min_documents = (size_t)docs;
    o.order = order && !strcmp(order, "share") ? TY_PHRASES_BY_SHARE : TY_PHRASES_BY_DOCUMENTS;
    if (!(tm = sv_reader_get(c->s, &e))) {
        sv_fail(rs, &e);
        goto done;
    }
    ty_error_clear(&e);
    ty_status st = ty_phrases_find(tm, &o, &p, &e);
    sv_reader_put(c->s, tm);
    if (st != TY_OK) {
        sv_fail(rs, &e);
        goto done;
    }
    sv_json_begin(rs);
    sv_buf_printf(&rs->body, "{\"found\":%zu,\"phrases\":[", ty_phrases_found(p));
    for (size_t i = 0; i < ty_phrases_count(p); i++) {
        if (i)
            sv_buf_puts(&rs->body, ",");
        report(&rs->body, ty_phrases_get(p, i), 0);
    }
    sv_buf_puts(&rs->body, "]}\n");
done:
    ty_phrases_free(p);
    free(order);
}
