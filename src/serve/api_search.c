/*
 * api_search.c — the search routes: GET /api/lookup (exact and fuzzy matches, as `taiyaku
 * lookup --json` gives them), GET /api/concord (concordance, each hit's side cut into marked
 * and unmarked parts), and the amaGama-compatible GET /tmserver/SRC/TGT/unit/TEXT. The
 * matching is the library's (ty_tm_lookup, ty_tm_concord); the page marks the characters or
 * words a fuzzy match differs by.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "serve.h"

/* "ja", "ja_JP", "ja-JP", "JA" … -> TY_LANG_JA; -1 for another language. */
static int lang_code(const char *s)
{
    size_t n = strcspn(s, "_-@.");
    if (n == 2 && (s[0] == 'j' || s[0] == 'J') && (s[1] == 'a' || s[1] == 'A'))
        return TY_LANG_JA;
    if (n == 2 && (s[0] == 'e' || s[0] == 'E') && (s[1] == 'n' || s[1] == 'N'))
        return TY_LANG_EN;
    return -1;
}

/* Run a lookup on a reader; NULL after answering the error. */
static ty_tm_matches *lookup(const sv_ctx *c, sv_resp *rs, const char *q,
                             const ty_tm_lookup_opts *o)
{
    ty_tm_matches *m = NULL;
    ty_error e;
    ty_tm *tm = sv_reader_get(c->s, &e);

    if (!tm) {
        sv_fail(rs, &e);
        return NULL;
    }
    ty_error_clear(&e);
    ty_status st = ty_tm_lookup(tm, q, o, &m, &e);
    sv_reader_put(c->s, tm);
    if (st != TY_OK) {
        sv_fail(rs, &e);
        return NULL;
    }
    return m;
}

void sv_api_lookup(const sv_ctx *c, sv_resp *rs)
{
    ty_tm_lookup_opts o;
    ty_tm_matches *m = NULL;
    char *q = NULL, *from = NULL;
    long min, max;
    int bad;

    ty_tm_lookup_opts_init(&o);
    if (!(q = sv_param(c, rs, "q", &bad)) || !*q) {
        if (!bad)
            sv_error(rs, 400, "the parameter 'q' (the text to look up) is required");
        goto done;
    }
    from = sv_param(c, rs, "from", &bad);
    if (bad)
        goto done;
    if (from && (lang_code(from) < 0 || strlen(from) != 2)) {
        sv_error(rs, 400, "the parameter 'from' is ja or en");
        goto done;
    }
    o.from = from && lang_code(from) == TY_LANG_EN ? TY_LANG_EN : TY_LANG_JA;
    if (sv_param_long(c, rs, "min", 1, 100, o.min_score, &min) ||
        sv_param_long(c, rs, "max", 1, 100, (long)o.max_results, &max))
        goto done;
    o.min_score = (int)min;
    o.max_results = (size_t)max;
    if (!(m = lookup(c, rs, q, &o)))
        goto done;
    sv_json_begin(rs);
    sv_buf *b = &rs->body;
    sv_buf_puts(b, "{\"query\":");
    sv_json_str(b, q);
    sv_buf_printf(b, ",\"from\":\"%s\",\"matches\":[", o.from == TY_LANG_JA ? "ja" : "en");
    for (size_t i = 0; i < ty_tm_matches_count(m); i++) {
        const ty_tm_match *x = ty_tm_matches_get(m, i);
        sv_buf_printf(b, "%s{\"score\":%d,\"numbers_differ\":%s,\"ja\":", i ? "," : "",
                      x->score, x->numbers_differ ? "true" : "false");
        sv_json_str(b, x->ja);
        sv_buf_puts(b, ",\"en\":");
        sv_json_str(b, x->en);
        sv_buf_printf(b, ",\"count\":%zu,\"confidence\":", x->count);
        sv_json_conf(b, x->confidence);
        sv_buf_puts(b, ",\"document\":");
        sv_json_str(b, x->document);
        sv_buf_printf(b, ",\"position\":%lld,\"unit\":%lld}", x->position, x->unit);
    }
    sv_buf_puts(b, "]}\n");
done:
    ty_tm_matches_free(m);
    free(q);
    free(from);
}

void sv_api_concord(const sv_ctx *c, sv_resp *rs)
{
    ty_tm_concord_opts o;
    ty_tm_hits *h = NULL;
    ty_tm *tm = NULL;
    ty_error e;
    char *q = NULL, *lang = NULL;
    long max;
    int bad, more = 0;

    ty_tm_concord_opts_init(&o);
    if (!(q = sv_param(c, rs, "q", &bad)) || !*q) {
        if (!bad)
            sv_error(rs, 400, "the parameter 'q' (the text to find) is required");
        goto done;
    }
    lang = sv_param(c, rs, "lang", &bad);
    if (bad)
        goto done;
    if (lang && strcmp(lang, "both") && (strlen(lang) != 2 || lang_code(lang) < 0)) {
        sv_error(rs, 400, "the parameter 'lang' is ja, en or both");
        goto done;
    }
    o.lang = !lang || !strcmp(lang, "both") ? -1 : lang_code(lang);
    if (sv_param_long(c, rs, "max", 1, 500, (long)o.max_results, &max))
        goto done;
    o.max_results = (size_t)max;
    if (!(tm = sv_reader_get(c->s, &e))) {
        sv_fail(rs, &e);
        goto done;
    }
    ty_error_clear(&e);
    ty_status st = ty_tm_concord(tm, q, &o, &h, &more, &e);
    sv_reader_put(c->s, tm);
    if (st != TY_OK) {
        sv_fail(rs, &e);
        goto done;
    }
    sv_json_begin(rs);
    sv_buf *b = &rs->body;
    sv_buf_puts(b, "{\"pattern\":");
    sv_json_str(b, q);
    sv_buf_printf(b, ",\"more\":%s,\"hits\":[", more ? "true" : "false");
    for (size_t i = 0; i < ty_tm_hits_count(h); i++) {
        const ty_tm_hit *x = ty_tm_hits_get(h, i);
        sv_buf_printf(b, "%s{\"unit\":%lld,\"lang\":\"%s\",\"ja\":", i ? "," : "", x->unit,
                      x->lang == TY_LANG_JA ? "ja" : "en");
        sv_json_str(b, x->ja);
        sv_buf_puts(b, ",\"en\":");
        sv_json_str(b, x->en);
        sv_buf_puts(b, ",\"parts\":");
        sv_json_parts(b, x->lang == TY_LANG_JA ? x->ja : x->en, x->spans, x->nspans);
        sv_buf_printf(b, ",\"count\":%zu,\"confidence\":", x->count);
        sv_json_conf(b, x->confidence);
        sv_buf_puts(b, ",\"document\":");
        sv_json_str(b, x->document);
        sv_buf_printf(b, ",\"position\":%lld}", x->position);
    }
    sv_buf_puts(b, "]}\n");
done:
    ty_tm_hits_free(h);
    free(q);
    free(lang);
}

/* amaGama's integer parameters: a value that is not a whole number is as if absent. */
static long int_arg(const sv_ctx *c, const char *name, long def)
{
    int bad;
    char *s = sv_query_get(c->rq->query, name, &bad), *end;
    long v = def;

    if (s && *s) {
        long x = strtol(s, &end, 10);
        if (!*end && x != 0)
            v = x;
    }
    free(s);
    return v;
}

/* GET /tmserver/SRC/TGT/unit/TEXT (or .../unit/?source=TEXT), as amaGama answers it: a JSON
 * list of {"quality", "rank", "source", "target"} (keys sorted, spaced as Python's json.dumps), the best first, at most
 * max_candidates (default 5) with quality >= min_similarity (default 70, at least 30); 404 for
 * a language pair the memory does not hold. quality is the lookup's score; rank, a text-search
 * rank in amaGama, is the same score here. */
void sv_api_tmserver(const sv_ctx *c, sv_resp *rs)
{
    const char *p = c->subpath, *s1 = strchr(p, '/');
    const char *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
    char *src = NULL, *tgt = NULL, *text = NULL;
    ty_tm_matches *m = NULL;
    int bad;

    if (!s1 || !s2 || strncmp(s2, "/unit/", 6)) {
        sv_error(rs, 404, "not an amaGama request: /tmserver/SRC/TGT/unit/TEXT");
        goto done;
    }
    src = sv_url_decode(p, (size_t)(s1 - p), 0);
    tgt = sv_url_decode(s1 + 1, (size_t)(s2 - s1 - 1), 0);
    if (s2[6])
        text = sv_url_decode(s2 + 6, strlen(s2 + 6), 0);
    else if (!(text = sv_query_get(c->rq->query, "source", &bad)) && bad) {
        sv_error(rs, 400, "the parameter 'source' does not decode to UTF-8 text");
        goto done;
    }
    if (!src || !tgt || lang_code(src) < 0 || lang_code(tgt) < 0 ||
        lang_code(src) == lang_code(tgt)) {
        sv_error(rs, 404, "this memory translates between ja and en only");
        goto done;
    }
    if (!text || !*text) {
        sv_error(rs, 404, "no text to look up");
        goto done;
    }
    long min = int_arg(c, "min_similarity", 70), max = int_arg(c, "max_candidates", 5);
    if (min < 30)
        min = 30;
    ty_tm_lookup_opts o;
    ty_tm_lookup_opts_init(&o);
    o.from = (ty_lang)lang_code(src);
    o.min_score = min > 100 ? 100 : (int)min;
    o.max_results = max < 1 ? 5 : max > 1000 ? 1000 : (size_t)max;
    if (!(m = lookup(c, rs, text, &o)))
        goto done;
    sv_json_begin(rs);
    rs->cache = "max-age=3600, public";
    sv_buf *b = &rs->body;
    sv_buf_puts(b, "[");
    size_t n = 0;
    for (size_t i = 0; i < ty_tm_matches_count(m); i++) {
        const ty_tm_match *x = ty_tm_matches_get(m, i);
        if (x->score < min)
            continue;
        sv_buf_printf(b, "%s{\"quality\": %d, \"rank\": %d, \"source\": ", n++ ? ", " : "",
                      x->score, x->score);
        sv_json_str(b, o.from == TY_LANG_JA ? x->ja : x->en);
        sv_buf_puts(b, ", \"target\": ");
        sv_json_str(b, o.from == TY_LANG_JA ? x->en : x->ja);
        sv_buf_puts(b, "}");
    }
    sv_buf_puts(b, "]");
done:
    ty_tm_matches_free(m);
    free(src);
    free(tgt);
    free(text);
}
