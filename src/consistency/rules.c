/*
 * rules.c — the user's checks (taiyaku check --regex FILE): named ICU regular expressions read
 * from a file (ty_check_rules_read, format in taiyaku.h), and the REGEX check of one unit. The
 * patterns run on the original texts through UTF-8 UTexts (no conversion per unit), so the
 * spans they report are byte offsets of those texts. It does not choose which rules to write.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uregex.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "consistency.h"
#include "base/alloc.h"
#include "base/error.h"

typedef struct rule {
    char *name;
    URegularExpression *re[2]; /* Japanese, English; NULL: none */
    ty_severity severity;
} rule;

struct ty_check_rules {
    rule *v;
    size_t n;
};

size_t ty_check_rules_count(const ty_check_rules *r)
{
    return r ? r->n : 0;
}

void ty_check_rules_free(ty_check_rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->v[i].name);
        if (r->v[i].re[0])
            uregex_close(r->v[i].re[0]);
        if (r->v[i].re[1])
            uregex_close(r->v[i].re[1]);
    }
    free(r->v);
    free(r);
}

#define RULES_MAX_FILE ((size_t)16 << 20)

/* Compile one pattern (UTF-8); on failure fill err with the file, line and the error's offset
 * in the pattern. */
static ty_status compile(const char *pat, size_t n, const char *path, long line, long long off,
                         URegularExpression **out, ty_error *err)
{
    UErrorCode e = U_ZERO_ERROR;
    UParseError pe;
    UText *ut = utext_openUTF8(NULL, pat, (int64_t)n, &e);

    memset(&pe, 0, sizeof pe);
    if (U_SUCCESS(e))
        *out = uregex_openUText(ut, 0, &pe, &e);
    utext_close(ut);
    if (U_FAILURE(e))
        return ty__fail(err, TY_ERR_FORMAT, path, line, off,
                        "bad regular expression '%.*s' (%s at its character %d)",
                        (int)(n > 200 ? 200 : n), pat, u_errorName(e), (int)pe.offset);
    return TY_OK;
}

/* Parse one line (without its line end) into r. */
static ty_status parse_line(char *line, const char *path, long lineno, long long off,
                            rule *r, ty_error *err)
{
    char *f[4];
    size_t nf = ty__split_tabs(line, f, 4);
    ty_status rc;

    memset(r, 0, sizeof *r);
    r->severity = TY_SEVERITY_WARNING;
    if (nf < 3 || nf > 4)
        return ty__fail(err, TY_ERR_FORMAT, path, lineno, off,
                        "expected NAME<TAB>JA-PATTERN<TAB>EN-PATTERN[<TAB>SEVERITY]");
    if (!*f[0])
        return ty__fail(err, TY_ERR_FORMAT, path, lineno, off, "a rule without a name");
    if (!*f[1] && !*f[2])
        return ty__fail(err, TY_ERR_FORMAT, path, lineno, off,
                        "rule '%s' has neither a Japanese nor an English pattern", f[0]);
    if (nf == 4 && ty_severity_parse(f[3], &r->severity, err) != TY_OK)
        return ty__fail(err, TY_ERR_FORMAT, path, lineno, off,
                        "unknown severity '%s' (info, warning or error)", f[3]);
    if (!(r->name = strdup(f[0])))
        return ty__nomem(err);
    for (int l = 0; l < 2; l++)
        if (*f[1 + l] &&
            (rc = compile(f[1 + l], strlen(f[1 + l]), path, lineno, off + (f[1 + l] - line),
                          &r->re[l], err)) != TY_OK)
            return rc;
    return TY_OK;
}

ty_status ty_check_rules_read(const char *path, ty_check_rules **out, ty_error *err)
{
    char *buf = NULL;
    size_t len = 0, vcap = 0;
    ty_check_rules *r = NULL;
    ty__line line = {0};
    ty_status rc;

    *out = NULL;
    if (!path)
        return ty__fail(err, TY_ERR_INVALID, NULL, -1, -1, "no rules file");
    if ((rc = ty__file_read(path, RULES_MAX_FILE, "a rules file", &buf, &len, err)) != TY_OK)
        return rc;
    if (!(r = calloc(1, sizeof *r))) {
        rc = ty__nomem(err);
        goto done;
    }
    for (;;) {
        if ((rc = ty__next_line(path, buf, len, &line, err)) != TY_OK || !line.text)
            goto done;
        if (ty__grow((void **)&r->v, &vcap, r->n + 1, sizeof *r->v)) {
            rc = ty__nomem(err);
            goto done;
        }
        rc = parse_line(line.text, path, line.number, line.offset, &r->v[r->n], err);
        r->n++;
        if (rc != TY_OK)
            goto done;
    }
done:
    free(buf);
    if (rc != TY_OK)
        ty_check_rules_free(r);
    else
        *out = r;
    return rc;
}

/* Whether re finds a match in text; its byte span in *start, *end. */
static int find(URegularExpression *re, const char *text, size_t *start, size_t *end)
{
    UErrorCode e = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, text, -1, &e);
    int found = 0;

    if (U_FAILURE(e))
        return 0;
    uregex_setUText(re, ut, &e);
    if (U_SUCCESS(e) && uregex_findNext(re, &e) && U_SUCCESS(e)) {
        *start = (size_t)uregex_start64(re, 0, &e);
        *end = (size_t)uregex_end64(re, 0, &e);
        found = U_SUCCESS(e);
    }
    uregex_reset64(re, 0, &e);
    utext_close(ut);
    return found;
}

ty_status ty__check_rules(ty__checker *c, const ty_check_rules *rules, const ty__unit_in *u)
{
    ty_status rc = TY_OK;

    for (size_t i = 0; i < rules->n && rc == TY_OK; i++) {
        const rule *r = &rules->v[i];
        size_t s[2] = {0, 0}, e[2] = {0, 0};
        int hit[2] = {0, 0};
        ty__spans sp = {0};
        char msg[300];
        for (int l = 0; l < 2; l++)
            if (r->re[l])
                hit[l] = find(r->re[l], u->text[l], &s[l], &e[l]);
        if (r->re[0] && r->re[1]) {
            if (!hit[0] || hit[1])
                continue;
            snprintf(msg, sizeof msg, "%s: the Japanese matches, the English does not", r->name);
        } else if (hit[0] || hit[1]) {
            snprintf(msg, sizeof msg, "%s: the %s matches", r->name,
                     hit[0] ? "Japanese" : "English");
        } else {
            continue;
        }
        for (int l = 0; l < 2 && rc == TY_OK; l++)
            if (hit[l])
                rc = ty__span_add(c, &sp, (ty_lang)l, u->text[l], s[l], e[l]);
        if (rc == TY_OK)
            rc = ty__emit_unit(c, u, TY_CHECK_REGEX, &sp, r->severity, 0.5, msg, r->name, NULL,
                               r->name);
    }
    return rc;
}
