/*
 * cmd_review.c — `taiyaku review`: the review of aligned documents in a translation memory
 * without a browser. With no document it lists the documents and their review figures; with
 * one it shows its beads; with an operation after it (join, split, move, unpair, pair,
 * accept, reject, pin, unpin, undo, realign) it makes that edit, one transaction each;
 * `history` lists the edits. The edits themselves are the library's (ty_tm_review_*).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "lexicon_cli.h"
#include "tm_cli.h"

enum { OPT_USER = 256, OPT_VERSION, OPT_BELOW };

static const ty_cli_option options[] = {
    TY_CLI_DB_OPTION,
    {"user", OPT_USER, "NAME", "who makes the edit, recorded with it (default: $USER)"},
    {"version", OPT_VERSION, "N",
     "make the edit only if the document is still at version N (as shown); else exit 2"},
    {"below", OPT_BELOW, "X",
     "show only beads with both sides whose confidence is below X, and unpaired sentences, "
     "that are not reviewed or rejected (0 to 1)"},
    TY_CLI_LEXICON_OPTIONS,
    {NULL, 0, NULL, NULL}};

static int run(ty_cli *c);

const ty_cli_command ty_cmd_review = {
    .name = "review",
    .summary = "list, show and edit the alignment of documents in a translation memory",
    .usage = "--db MEMORY\n"
             "--db MEMORY DOCUMENT [show|history]\n"
             "--db MEMORY DOCUMENT join BEAD [next|prev]\n"
             "--db MEMORY DOCUMENT split BEAD JA EN\n"
             "--db MEMORY DOCUMENT move BEAD ja|en next|prev\n"
             "--db MEMORY DOCUMENT unpair|accept|reject|pin|unpin BEAD\n"
             "--db MEMORY DOCUMENT pair BEAD BEAD\n"
             "--db MEMORY DOCUMENT undo|realign",
    .description =
        "Review the alignment of documents added with `taiyaku align --db`, `pair --db` or "
        "`batch`: the memory keeps their sentences and beads, unpaired sentences included. "
        "Without DOCUMENT: one line per document (id, units, beads, beads below 0.9 not yet "
        "reviewed, unpaired sentences, reviewed beads, name). With DOCUMENT (an id or a name "
        "only one document has): its beads, one a line: number, Japanese and English sentence "
        "numbers as `taiyaku align` prints them, confidence, status, Japanese, English "
        "(beads and sentences count from 0). An operation edits the document in one "
        "transaction that also updates its units, their counts and the search indexes, and is "
        "recorded with the time and --user: `join` a bead with the next (or previous) one; "
        "`split` a bead after its first JA Japanese and EN English sentences; `move` the "
        "bead's last Japanese or English sentence to the next bead (its first to the previous "
        "one); `unpair` a bead into unpaired sentences; `pair` two unpaired sentences (one "
        "Japanese, one English, nothing but unpaired sentences between them); `accept` "
        "(reviewed), `reject` (wrong: out of lookups and exports, kept here); `pin` a pair so "
        "that `realign` keeps it; `realign` aligns the document again around its pinned and "
        "reviewed pairs, with the dictionaries `taiyaku align` uses (the lexicon options as "
        "align's), and a rejected bead that comes out again stays rejected; `undo` the last "
        "edit. Beads an edit makes are reviewed.",
    .options = options,
    .run = run,
};

static const char *const ops[] = {"show", "history", "join",   "split", "move",  "unpair",
                                  "pair", "accept",  "reject", "pin",   "unpin", "undo",
                                  "realign", NULL};

/* Text on one line: tabs and line ends as spaces. */
static void put_text(FILE *out, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

static void put_range(FILE *out, size_t first, size_t count)
{
    fputc('[', out);
    for (size_t i = 0; i < count; i++)
        fprintf(out, "%s%zu", i ? "," : "", first + i);
    fputc(']', out);
}

static ty_status list_one(const ty_tm_review_summary *s, void *ud)
{
    FILE *out = ud;
    if (!s->structure)
        fprintf(out, "%lld\t%zu\t-\t-\t-\t-\t", s->document, s->units);
    else
        fprintf(out, "%lld\t%zu\t%zu\t%zu\t%zu\t%zu\t", s->document, s->units, s->beads,
                s->doubtful, s->unpaired, s->reviewed);
    put_text(out, s->name);
    fputc('\n', out);
    return TY_OK;
}

static int list(ty_cli *c, ty_tm *tm)
{
    ty_error e;

    ty_error_clear(&e);
    fprintf(c->out, "document\tunits\tbeads\tbelow_0.9\tunpaired\treviewed\tname\n");
    if (ty_tm_review_summaries(tm, 0.9, list_one, c->out, &e) != TY_OK)
        return ty_cli_fail(c, &e);
    return TY_EXIT_OK;
}

static int show(ty_cli *c, ty_tm *tm, long long doc, double below)
{
    ty_tm_review *r = NULL;
    ty_error e;

    ty_error_clear(&e);
    if (ty_tm_review_open(tm, doc, &r, &e) != TY_OK)
        return ty_cli_fail(c, &e);
    fprintf(c->out, "# document %lld (", doc);
    put_text(c->out, ty_tm_review_name(r));
    fprintf(c->out, "), version %lld: %zu beads, %zu Japanese and %zu English sentences",
            ty_tm_review_version(r), ty_tm_review_beads(r),
            ty_tm_review_sentences(r, TY_LANG_JA), ty_tm_review_sentences(r, TY_LANG_EN));
    if (ty_tm_review_lost(r))
        fprintf(c->out, ", %zu never stored", ty_tm_review_lost(r));
    fputc('\n', c->out);
    for (size_t i = 0; i < ty_tm_review_beads(r); i++) {
        const ty_tm_bead *b = ty_tm_review_bead(r, i);
        int pair = b->ja_count && b->en_count;
        char *t[2];
        if (below >= 0 && (b->status != TY_BEAD_ALIGNED || (pair && b->confidence >= below)))
            continue;
        t[0] = ty_tm_review_text(r, i, TY_LANG_JA);
        t[1] = ty_tm_review_text(r, i, TY_LANG_EN);
        if (!t[0] || !t[1]) {
            free(t[0]);
            free(t[1]);
            ty_tm_review_free(r);
            return ty_cli_oom(c);
        }
        fprintf(c->out, "%zu\t", i);
        put_range(c->out, b->ja_first, b->ja_count);
        fputc(':', c->out);
        put_range(c->out, b->en_first, b->en_count);
        if (b->confidence >= 0)
            fprintf(c->out, "\t%.2f\t", b->confidence);
        else
            fprintf(c->out, "\t-\t");
        fprintf(c->out, "%s%s\t", ty_bead_status_name(b->status), b->pinned ? ",pinned" : "");
        put_text(c->out, t[0]);
        fputc('\t', c->out);
        put_text(c->out, t[1]);
        fputc('\n', c->out);
        free(t[0]);
        free(t[1]);
    }
    ty_tm_review_free(r);
    return TY_EXIT_OK;
}

static ty_status history_one(const ty_tm_edit *e, void *ud)
{
    FILE *out = ud;
    fprintf(out, "%lld\t%s\t", e->id, e->at);
    put_text(out, e->who);
    fprintf(out, "\t%s\tbead %zu: %zu became %zu", e->op, e->first, e->before, e->after);
    if (e->marks_lost)
        fprintf(out, ", %zu reviewed or rejected not given again", e->marks_lost);
    fprintf(out, "%s\n", e->undone ? "\tundone" : "");
    return TY_OK;
}

/* Operand i as a bead or sentence count. */
static int number(ty_cli *c, int i, const char *what, size_t *v)
{
    long n;
    if (i >= c->nargs)
        return ty_cli_usage(c, "%s: expected %s", c->args[1], what);
    if (ty_cli_parse_long(c->args[i], 0, 0x7fffffffL, &n) != 0)
        return ty_cli_usage(c, "%s: %s must be a number from 0, not '%s'", c->args[1], what,
                            c->args[i]);
    *v = (size_t)n;
    return 0;
}

/* prev|next at operand i (absent: next). */
static int direction(ty_cli *c, int i, int *dir)
{
    static const char *const dirs[] = {"next", "prev", NULL};
    int k = 0;
    if (i < c->nargs && ty_cli_choice(c, "direction", c->args[i], dirs, &k))
        return TY_EXIT_USAGE;
    *dir = k == 1 ? -1 : 1;
    return 0;
}

/* The edit the operands after DOCUMENT describe; *nargs: how many operands it takes. */
static int parse_edit(ty_cli *c, ty_review_edit *e, int *nargs)
{
    static const char *const langs[] = {"ja", "en", NULL};
    int lang = 0;

    if (ty_review_op_parse(c->args[1], &e->op) != 0)
        return ty_cli_usage(c, "unknown operation '%s'", c->args[1]);
    if (number(c, 2, "a bead number", &e->bead))
        return TY_EXIT_USAGE;
    *nargs = 3;
    switch (e->op) {
    case TY_REVIEW_JOIN:
        *nargs = c->nargs > 3 ? 4 : 3;
        return direction(c, 3, &e->direction);
    case TY_REVIEW_SPLIT:
        *nargs = 5;
        return number(c, 3, "the Japanese sentences of the first part", &e->ja_split) ||
               number(c, 4, "the English sentences of the first part", &e->en_split);
    case TY_REVIEW_MOVE:
        *nargs = c->nargs > 4 ? 5 : 4;
        if (c->nargs < 4)
            return ty_cli_usage(c, "move: expected ja or en");
        if (ty_cli_choice(c, "side", c->args[3], langs, &lang))
            return TY_EXIT_USAGE;
        e->lang = lang ? TY_LANG_EN : TY_LANG_JA;
        return direction(c, 4, &e->direction);
    case TY_REVIEW_PAIR:
        *nargs = 4;
        return number(c, 3, "the other bead's number", &e->other);
    default:
        return 0;
    }
}

typedef struct opts {
    const char *db, *user;
    long long version;
    double below;
    ty_cli_lexicon lex; /* realign's dictionaries */
} opts;

static int edit(ty_cli *c, ty_tm *tm, const ty_cli_doc *d, const opts *o)
{
    ty_review_edit e;
    ty_error err;
    long long version = 0;
    int nargs = 2;
    ty_status st;

    ty_error_clear(&err);
    ty_review_edit_init(&e);
    e.version = o->version;
    e.who = o->user;
    if (!strcmp(c->args[1], "undo") || !strcmp(c->args[1], "realign")) {
        if (c->nargs > 2)
            return ty_cli_usage(c, "unexpected argument '%s'", c->args[2]);
    }
    if (!strcmp(c->args[1], "undo")) {
        st = ty_tm_review_undo(tm, d->id, o->user, &version, &err);
    } else if (!strcmp(c->args[1], "realign")) {
        ty_align_opts ao;
        ty_align_opts_init(&ao);
        ao.lexicon = o->lex.lexicon;
        st = ty_tm_review_realign(tm, d->id, &ao, o->version, o->user, &version, &err);
    } else {
        int rc = parse_edit(c, &e, &nargs);
        if (rc)
            return rc;
        if (c->nargs > nargs)
            return ty_cli_usage(c, "unexpected argument '%s'", c->args[nargs]);
        st = ty_tm_review_apply(tm, d->id, &e, &version, &err);
    }
    if (st != TY_OK) {
        if (!err.file[0])
            snprintf(err.file, sizeof err.file, "%s", o->db);
        return ty_cli_fail(c, &err);
    }
    fprintf(c->out, "%s: document %lld (", c->args[1], d->id);
    put_text(c->out, d->name);
    fprintf(c->out, ") is at version %lld\n", version);
    return TY_EXIT_OK;
}

static int run(ty_cli *c)
{
    opts o = {NULL, NULL, -1, -1, {0}};
    ty_cli_doc d;
    ty_tm *tm = NULL;
    int k, rc, verb = 0;
    long v;

    memset(&d, 0, sizeof d);
    if ((rc = ty_cli_lexicon_init(c, &o.lex)) != TY_EXIT_OK)
        return rc;
    while ((k = ty_cli_next(c)) > 0)
        switch (k) {
        case 'd': o.db = c->arg; break;
        case OPT_USER:
            if (ty_cli_utf8(c, "--user", c->arg))
                goto usage;
            o.user = c->arg;
            break;
        case OPT_VERSION:
            if (ty_cli_number(c, 0, 0x7fffffffL, &v))
                goto usage;
            o.version = v;
            break;
        case OPT_BELOW:
            if (ty_cli_fraction(c, &o.below))
                goto usage;
            break;
        default: ty_cli_lexicon_option(c, &o.lex, k); break;
        }
    if (k < 0) {
        rc = c->rc;
        goto out;
    }
    if (ty_cli_require(c, o.db, "--db MEMORY"))
        goto usage;
    if (c->nargs > 0 && ty_cli_utf8(c, "the document name", c->args[0]))
        goto usage;
    if (c->nargs > 1 && ty_cli_choice(c, "operation", c->args[1], ops, &verb))
        goto usage;
    if (c->nargs > 2 && verb < 2) {
        rc = ty_cli_usage(c, "unexpected argument '%s'", c->args[2]);
        goto out;
    }
    if (!o.user)
        o.user = getenv("USER") ? getenv("USER") : "";
    /* the dictionaries only for realign: the other operations do not align */
    if (c->nargs > 1 && !strcmp(c->args[1], "realign") &&
        (rc = ty_cli_lexicon_load(c, &o.lex)) != TY_EXIT_OK)
        goto out;
    if ((rc = ty_cli_tm_open(c, o.db, 0, &tm)) != TY_EXIT_OK)
        goto out;
    if (c->nargs == 0)
        rc = list(c, tm);
    else if ((rc = ty_cli_tm_document(c, tm, o.db, c->args[0], &d)) != TY_EXIT_OK)
        ;
    else if (c->nargs == 1 || verb == 0)
        rc = show(c, tm, d.id, o.below);
    else if (verb == 1) {
        ty_error e;
        ty_error_clear(&e);
        if (ty_tm_review_history(tm, d.id, history_one, c->out, &e) != TY_OK)
            rc = ty_cli_fail(c, &e);
    } else
        rc = edit(c, tm, &d, &o);
    free(d.name);
    ty_tm_close(tm);
out:
    ty_cli_lexicon_done(&o.lex);
    return rc;
usage:
    rc = TY_EXIT_USAGE;
    goto out;
}
