/*
 * finding.c — what every check and every reader of findings shares: the names of kinds and
 * severities, the options' defaults, finding ids, and the spans of a finding in a text. It
 * finds and reports nothing (emit.c reports).
 *
 * A finding's id is a 64-bit hash (base/u64map.c's ty__hash_bytes) of the kind's name and a
 * key each check builds from normalized texts and what it found, never from unit ids or
 * positions: the same finding gets the same id on every run, after a re-import, and in a new
 * document that repeats the unit.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consistency.h"
#include "base/error.h"

static const char *const kind_names[TY_CHECK_KINDS] = {
    "same-ja",  "same-en", "numbers", "confidence",   "untranslated",   "tokens", "brackets",
    "repeated", "spaces",  "regex",   "term-missing", "term-forbidden", "phrase", "memory"};

static const char *const severity_names[] = {"info", "warning", "error"};

const char *ty_check_kind_name(ty_check_kind kind)
{
    return (unsigned)kind < TY_CHECK_KINDS ? kind_names[kind] : NULL;
}

const char *ty_severity_name(ty_severity severity)
{
    return (unsigned)severity <= TY_SEVERITY_ERROR ? severity_names[severity] : NULL;
}

ty_status ty_severity_parse(const char *name, ty_severity *out, ty_error *err)
{
    for (int k = 0; k <= TY_SEVERITY_ERROR; k++)
        if (name && !strcmp(name, severity_names[k])) {
            *out = (ty_severity)k;
            return TY_OK;
        }
    return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                    "unknown severity '%s' (info, warning or error)", name ? name : "");
}

ty_status ty_check_kinds_parse(const char *list, unsigned *mask, ty_error *err)
{
    const char *p = list;
    unsigned m = 0;

    while (p && *p) {
        size_t n = strcspn(p, ",");
        unsigned bit = 0;
        if (n == 3 && !memcmp(p, "all", 3))
            bit = (1u << TY_CHECK_KINDS) - 1;
        for (int k = 0; k < TY_CHECK_KINDS && !bit; k++)
            if (strlen(kind_names[k]) == n && !memcmp(p, kind_names[k], n))
                bit = 1u << k;
        if (!bit)
            return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1,
                            "unknown check '%.*s' (same-ja, same-en, numbers, confidence, "
                            "untranslated, tokens, brackets, repeated, spaces, regex, "
                            "term-missing, term-forbidden, phrase, memory, all)",
                            (int)n, p);
        m |= bit;
        p += n + (p[n] == ',');
    }
    if (!m)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no check named");
    *mask = m;
    return TY_OK;
}

void ty_check_opts_init(ty_check_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->checks = (1u << TY_CHECK_KINDS) - 1;
    opts->min_confidence = 0.5;
    opts->min_severity = TY_SEVERITY_INFO;
    opts->memory_ignores = 1;
    opts->established = 0.6;
}

const ty_check_span *ty_check_span_next(const ty_check_finding *f, size_t unit, ty_lang lang,
                                        size_t from)
{
    const ty_check_span *next = NULL;
    for (size_t k = 0; f && k < f->nspans; k++) {
        const ty_check_span *x = &f->spans[k];
        if (x->unit == unit && x->lang == lang && x->end > x->start && x->start >= from &&
            (!next || x->start < next->start))
            next = x;
    }
    return next;
}

/* ---- ids ---- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int ty_check_id_valid(const char *s)
{
    if (!s)
        return 0;
    for (int i = 0; i < TY_CHECK_ID_LEN; i++)
        if (hexval(s[i]) < 0)
            return 0;
    return s[TY_CHECK_ID_LEN] == '\0';
}

uint64_t ty__id_value(const char *id)
{
    uint64_t v = 0;
    for (int i = 0; i < TY_CHECK_ID_LEN; i++)
        v = v << 4 | (uint64_t)hexval(id[i]);
    return v;
}

void ty__finding_id(ty_check_kind kind, const char *key, size_t klen, char *id)
{
    const char *name = kind_names[kind];
    uint64_t h = ty__hash_bytes(name, strlen(name), 0x7479636865636bULL); /* "tycheck" */
    h = ty__hash_bytes(key, klen, h);
    snprintf(id, TY_CHECK_ID_LEN + 1, "%016llx", (unsigned long long)h);
}
