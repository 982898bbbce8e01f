/*
 * check_unit.c — the unit checks: what each needs set up once per run (the quantity reader,
 * the glossary's term index), the dispatch over one unit (numbers.c, check_text.c, rules.c,
 * glossary.c, each enabled by the options), and the pass over a memory's units (all of them,
 * or those of the documents named by --document, in document order). It judges nothing itself.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "consistency.h"
#include "glossary.h"
#include "base/error.h"

#define UNIT_KINDS                                                                              \
    ((1u << TY_CHECK_NUMBERS) | (1u << TY_CHECK_UNTRANSLATED) | (1u << TY_CHECK_TOKENS) |     \
     (1u << TY_CHECK_BRACKETS) | (1u << TY_CHECK_REPEATED) | (1u << TY_CHECK_SPACES) |        \
     (1u << TY_CHECK_REGEX) | (1u << TY_CHECK_TERM_MISSING) | (1u << TY_CHECK_TERM_FORBIDDEN))
#define TERM_KINDS ((1u << TY_CHECK_TERM_MISSING) | (1u << TY_CHECK_TERM_FORBIDDEN))

struct ty__unit_checks {
    struct ty__numbers_state *ns; /* NUMBERS */
    struct ty__term_index *terms; /* TERM_* with a glossary */
};

void ty__unit_checks_free(struct ty__unit_checks *uc)
{
    if (!uc)
        return;
    ty__numbers_state_free(uc->ns);
    ty__term_index_free(uc->terms);
    free(uc);
}

ty_status ty__unit_checks_new(ty__checker *c, ty_error *err)
{
    struct ty__unit_checks *uc = calloc(1, sizeof *uc);
    ty_status rc = TY_OK;

    if (!uc)
        return ty__nomem(err);
    if (c->o.checks & (1u << TY_CHECK_NUMBERS))
        rc = ty__numbers_state_new(&uc->ns, err);
    if (rc == TY_OK && c->o.glossary && (c->o.checks & TERM_KINDS) &&
        ty__term_index_new(c->o.glossary, &uc->terms) != TY_OK)
        rc = ty__nomem(err);
    if (rc != TY_OK) {
        ty__unit_checks_free(uc);
        return rc;
    }
    c->uc = uc;
    return TY_OK;
}

ty_status ty__check_unit(ty__checker *c, const ty__unit_in *u)
{
    struct ty__unit_checks *uc = c->uc;
    ty_status rc = TY_OK;

    if (uc->ns)
        rc = ty__check_numbers(c, uc->ns, u);
    if (rc == TY_OK)
        rc = ty__check_text(c, u);
    if (rc == TY_OK && c->o.rules && (c->o.checks & (1u << TY_CHECK_REGEX)))
        rc = ty__check_rules(c, c->o.rules, u);
    if (rc == TY_OK && uc->terms)
        rc = ty__check_terms_with(c, uc->terms, u);
    return rc;
}

static const char sql_all[] =
    "SELECT id, ja, en, coalesce(ja_norm, ja), coalesce(en_norm, en) FROM unit_text ORDER BY id";
static const char sql_doc[] =
    "SELECT t.id, t.ja, t.en, coalesce(t.ja_norm, t.ja), coalesce(t.en_norm, t.en) FROM"
    " (SELECT o.unit AS unit, min(o.document) AS d, min(o.position) AS p FROM occurrences o"
    "  JOIN documents d ON d.id = o.document WHERE d.name = ?1 GROUP BY o.unit) x"
    " JOIN unit_text t ON t.id = x.unit ORDER BY x.d, x.p, t.id";

static const char *col(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

/* Run the unit checks on one unit of the memory. */
static ty_status unit_fn(void *user, const ty__unit_row *row, ty_error *err)
{
    ty__checker *c = user;
    ty__unit_in u;

    (void)err;
    memset(&u, 0, sizeof u);
    u.id = row->id;
    for (int l = 0; l < 2; l++) {
        u.text[l] = row->text[l] ? row->text[l] : "";
        u.norm[l] = row->norm[l] ? row->norm[l] : "";
    }
    ty__arena_clear(&c->a);
    return ty__check_unit(c, &u);
}

ty_status ty__check_units(ty__checker *c)
{
    sqlite3_stmt *st = NULL;
    ty_status rc;
    int step = SQLITE_DONE;

    if (!(c->o.checks & UNIT_KINDS))
        return TY_OK;
    if (c->tm->be) {
        rc = c->tm->be->units(c->tm, c->o.document, unit_fn, c, c->err);
        ty__arena_clear(&c->a);
        return rc;
    }
    if ((rc = ty__tm_prepare(c->tm, c->o.document ? sql_doc : sql_all, &st, c->err)) != TY_OK)
        return rc;
    if (c->o.document)
        sqlite3_bind_text(st, 1, c->o.document, -1, SQLITE_STATIC);
    while (rc == TY_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        ty__unit_row u;
        u.id = sqlite3_column_int64(st, 0);
        u.text[0] = col(st, 1);
        u.text[1] = col(st, 2);
        u.norm[0] = col(st, 3);
        u.norm[1] = col(st, 4);
        rc = unit_fn(c, &u, c->err);
    }
    if (rc == TY_OK && step != SQLITE_DONE)
        rc = ty__tm_fail(c->tm, c->err, "reading the units");
    sqlite3_finalize(st);
    ty__arena_clear(&c->a);
    return rc;
}
