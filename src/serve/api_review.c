/*
 * api_review.c — the review routes: GET /api/documents (every document with its units, beads
 * below the threshold, unpaired sentences, reviewed and rejected beads), GET /api/review/ID
 * (a document's sentences and beads in document order), and routes GET
 * /api/review/ID/history to review_edit.c. The edits themselves (POST /api/review/ID/...) are in review_edit.c. The
 * structure and its figures are the library's (ty_tm_review_*).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "serve.h"

static ty_status summary_one(const ty_tm_review_summary *x, void *userdata)
{
    sv_buf *b = userdata;
    double share = x->beads ? (double)x->reviewed / (double)x->beads : 0;

    sv_buf_puts(b, (!b->len || b->p[b->len - 1] == '[') ? "{\"id\":" : ",{\"id\":");
    sv_buf_printf(b, "%lld,\"name\":", x->document);
    sv_json_str(b, x->name);
    sv_buf_puts(b, ",\"imported_at\":");
    sv_json_str(b, x->imported_at);
    sv_buf_printf(b,
                  ",\"structure\":%s,\"version\":%lld,\"units\":%zu,\"beads\":%zu,"
                  "\"doubtful\":%zu,\"unpaired\":%zu,\"reviewed\":%zu,\"rejected\":%zu,"
                  "\"reviewed_share\":%.3f,\"min_confidence\":",
                  x->structure ? "true" : "false", x->version, x->units, x->beads, x->doubtful,
                  x->unpaired, x->reviewed, x->rejected, share);
    sv_json_conf(b, x->min_confidence);
    sv_buf_puts(b, "}");
    return TY_OK;
}

void sv_api_documents(const sv_ctx *c, sv_resp *rs)
{
    ty_error e;
    ty_tm *tm;
    long pct;

    if (sv_param_long(c, rs, "threshold", 0, 100, 90, &pct))
        return;
    if (!(tm = sv_reader_get(c->s, &e))) {
        sv_fail(rs, &e);
        return;
    }
    sv_json_begin(rs);
    sv_buf_puts(&rs->body, "{\"documents\":[");
    ty_error_clear(&e);
    ty_status st = ty_tm_review_summaries(tm, (double)pct / 100, summary_one, &rs->body, &e);
    sv_reader_put(c->s, tm);
    if (st != TY_OK)
        sv_fail(rs, &e);
    else
        sv_buf_printf(&rs->body, "],\"threshold\":%.2f}\n", (double)pct / 100);
}

static void sentences(sv_buf *b, const ty_tm_review *r, ty_lang lang)
{
    size_t n = ty_tm_review_sentences(r, lang);

    sv_buf_puts(b, "[");
    for (size_t i = 0; i < n; i++) {
        size_t para = 0;
        const char *s = ty_tm_review_sentence(r, lang, i, &para);
        sv_buf_puts(b, i ? ",{\"text\":" : "{\"text\":");
        sv_json_str(b, s ? s : "");
        sv_buf_printf(b, ",\"paragraph\":%zu,\"lost\":%s}", para,
                      ty_tm_review_sentence_lost(r, lang, i) ? "true" : "false");
    }
    sv_buf_puts(b, "]");
}

static void review_view(const sv_ctx *c, sv_resp *rs, long long id)
{
    ty_tm_review *r = NULL;
    ty_error e;
    ty_tm *tm = sv_reader_get(c->s, &e);

    if (!tm) {
        sv_fail(rs, &e);
        return;
    }
    ty_error_clear(&e);
    ty_status st = ty_tm_review_open(tm, id, &r, &e);
    sv_reader_put(c->s, tm);
    if (st != TY_OK) {
        sv_fail(rs, &e);
        return;
    }
    sv_json_begin(rs);
    sv_buf *b = &rs->body;
    sv_buf_printf(b, "{\"id\":%lld,\"name\":", id);
    sv_json_str(b, ty_tm_review_name(r));
    sv_buf_printf(b, ",\"version\":%lld,\"lost\":%zu,\"ja\":", ty_tm_review_version(r),
                  ty_tm_review_lost(r));
    sentences(b, r, TY_LANG_JA);
    sv_buf_puts(b, ",\"en\":");
    sentences(b, r, TY_LANG_EN);
    sv_buf_puts(b, ",\"beads\":[");
    for (size_t i = 0; i < ty_tm_review_beads(r); i++) {
        const ty_tm_bead *x = ty_tm_review_bead(r, i);
        sv_buf_printf(b,
                      "%s{\"ja_first\":%zu,\"ja_count\":%zu,\"en_first\":%zu,\"en_count\":%zu,"
                      "\"status\":\"%s\",\"pinned\":%s,\"unit\":%lld,\"confidence\":",
                      i ? "," : "", x->ja_first, x->ja_count, x->en_first, x->en_count,
                      ty_bead_status_name(x->status), x->pinned ? "true" : "false", x->unit);
        sv_json_conf(b, x->confidence);
        sv_buf_puts(b, "}");
    }
    sv_buf_puts(b, "]}\n");
    ty_tm_review_free(r);
}

/* GET /api/review/ID, GET /api/review/ID/history */
void sv_api_review(const sv_ctx *c, sv_resp *rs)
{
    const char *rest;
    long long id = sv_document_id(c->subpath, &rest);

    if (id < 0)
        sv_error(rs, 404, "no such document: /api/review/ID wants a document id");
    else if (!*rest)
        review_view(c, rs, id);
    else if (!strcmp(rest, "/history"))
        sv_review_history(c, rs, id);
    else
        sv_error(rs, 404, "no such page or API");
}
