/*
 * review_edit.c — the review edits: POST /api/review/ID/edit (one operation on the document's
 * beads: join, split, move, unpair, pair, accept, reject, pin, unpin), POST
 * /api/review/ID/undo and POST /api/review/ID/realign (align again around the pinned beads),
 * each one library call on the writer handle, one at a time, recorded as the request's user;
 * and GET /api/review/ID/history, the recorded edits. It does not read the beads
 * (api_review.c).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

const char *const sv_review_ops[] = {"join",   "split",  "move", "unpair",  "pair", "accept",
                                     "reject", "pin",    "unpin", "realign", "undo", NULL};

/* A whole number member in [0, max] (absent: def); -1 after answering 400. */
static int member(sv_resp *rs, const sv_json *body, const char *key, double max, double def,
                  double *v)
{
    const sv_json *m = sv_json_get(body, key);

    *v = def;
    if (!m)
        return 0;
    if (m->type != SV_JNUM || m->num < 0 || m->num > max || m->num != floor(m->num)) {
        sv_error(rs, 400, "\"%s\" must be a whole number from 0 to %.0f", key, max);
        return -1;
    }
    *v = m->num;
    return 0;
}

/* The edit a body describes: {"op", "bead", "direction", "lang", "ja_split", "en_split",
 * "other", "version"}; -1 after answering 400. */
static int read_edit(sv_resp *rs, const sv_json *body, ty_review_edit *ed)
{
    const sv_json *op = sv_json_get(body, "op"), *dir = sv_json_get(body, "direction"),
                  *lang = sv_json_get(body, "lang");
    double bead, jas, ens, other, version;

    if (!op || op->type != SV_JSTR || ty_review_op_parse(op->str, &ed->op)) {
        sv_error(rs, 400, "\"op\" must be one of join, split, move, unpair, pair, accept, "
                          "reject, pin, unpin");
        return -1;
    }
    if (!sv_json_get(body, "bead")) {
        sv_error(rs, 400, "\"bead\" (the bead's index) is required");
        return -1;
    }
    if (member(rs, body, "bead", 1e15, 0, &bead) || member(rs, body, "ja_split", 1e9, 0, &jas) ||
        member(rs, body, "en_split", 1e9, 0, &ens) || member(rs, body, "other", 1e15, 0, &other) ||
        member(rs, body, "version", 1e15, -1, &version))
        return -1;
    if (dir && (dir->type != SV_JNUM || (dir->num != 1 && dir->num != -1))) {
        sv_error(rs, 400, "\"direction\" must be 1 (the bead after) or -1 (the bead before)");
        return -1;
    }
    if (lang && (lang->type != SV_JSTR || (strcmp(lang->str, "ja") && strcmp(lang->str, "en")))) {
        sv_error(rs, 400, "\"lang\" must be ja or en");
        return -1;
    }
    if ((ed->op == TY_REVIEW_JOIN || ed->op == TY_REVIEW_MOVE) && !dir) {
        sv_error(rs, 400, "\"direction\" is required for %s", op->str);
        return -1;
    }
    if (ed->op == TY_REVIEW_MOVE && !lang) {
        sv_error(rs, 400, "\"lang\" is required for move");
        return -1;
    }
    if (ed->op == TY_REVIEW_PAIR && !sv_json_get(body, "other")) {
        sv_error(rs, 400, "\"other\" (the other unpaired bead) is required for pair");
        return -1;
    }
    ed->bead = (size_t)bead;
    ed->direction = dir ? (int)dir->num : 0;
    ed->lang = lang && !strcmp(lang->str, "en") ? TY_LANG_EN : TY_LANG_JA;
    ed->ja_split = (size_t)jas;
    ed->en_split = (size_t)ens;
    ed->other = (size_t)other;
    ed->version = (long long)version;
    return 0;
}

static void edit(const sv_ctx *c, sv_resp *rs, long long id, const char *what)
{
    sv_json *body = sv_body(c, rs);
    ty_review_edit ed;
    ty_error e;
    ty_status st;
    long long version = -1;
    double expect;

    if (!body)
        return;
    ty_review_edit_init(&ed);
    ed.who = c->who;
    if (!strcmp(what, "edit") ? read_edit(rs, body, &ed)
                              : member(rs, body, "version", 1e15, -1, &expect))
        goto done;
    ty_error_clear(&e);
    pthread_mutex_lock(&c->s->write_lock);
    if (!strcmp(what, "edit"))
        st = ty_tm_review_apply(c->s->writer, id, &ed, &version, &e);
    else if (!strcmp(what, "undo"))
        st = ty_tm_review_undo(c->s->writer, id, c->who, &version, &e);
    else {
        ty_align_opts ao;
        ty_align_opts_init(&ao);
        ao.lexicon = c->s->opts.lexicon;
        st = ty_tm_review_realign(c->s->writer, id, &ao, (long long)expect, c->who, &version,
                                  &e);
    }
    pthread_mutex_unlock(&c->s->write_lock);
    if (st != TY_OK) {
        sv_fail(rs, &e);
        goto done;
    }
    sv_json_begin(rs);
    sv_buf_printf(&rs->body, "{\"document\":%lld,\"version\":%lld}\n", id, version);
done:
    sv_json_free(body);
}

/* POST /api/review/ID/edit, /undo, /realign */
void sv_api_review_post(const sv_ctx *c, sv_resp *rs)
{
    const char *rest;
    long long id = sv_document_id(c->subpath, &rest);

    if (id < 0 || (strcmp(rest, "/edit") && strcmp(rest, "/undo") && strcmp(rest, "/realign")))
        sv_error(rs, 404, "no such API: POST /api/review/ID/edit, /undo or /realign");
    else
        edit(c, rs, id, rest + 1);
}

static ty_status history_one(const ty_tm_edit *x, void *userdata)
{
    sv_buf *b = userdata;
    sv_buf_printf(b, "%s{\"id\":%lld,\"at\":", (!b->len || b->p[b->len - 1] == '[') ? "" : ",", x->id);
    sv_json_str(b, x->at);
    sv_buf_puts(b, ",\"who\":");
    sv_json_str(b, x->who);
    sv_buf_puts(b, ",\"op\":");
    sv_json_str(b, x->op);
    sv_buf_printf(b,
                  ",\"first\":%zu,\"before\":%zu,\"after\":%zu,\"marks_lost\":%zu,"
                  "\"undone\":%s}",
                  x->first, x->before, x->after, x->marks_lost, x->undone ? "true" : "false");
    return b->oom ? TY_ERR_NOMEM : TY_OK;
}

void sv_review_history(const sv_ctx *c, sv_resp *rs, long long id)
{
    ty_error e;
    ty_tm *tm = sv_reader_get(c->s, &e);

    if (!tm) {
        sv_fail(rs, &e);
        return;
    }
    sv_json_begin(rs);
    sv_buf_printf(&rs->body, "{\"document\":%lld,\"edits\":[", id);
    ty_error_clear(&e);
    ty_status st = ty_tm_review_history(tm, id, history_one, &rs->body, &e);
    sv_reader_put(c->s, tm);
    if (st != TY_OK)
        sv_fail(rs, &e);
    else
        sv_buf_puts(&rs->body, "]}\n");
}
