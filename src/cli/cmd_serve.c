/*
 * cmd_serve.c — `taiyaku serve`: serve a memory over HTTP (its JSON API and the review pages)
 * until SIGINT or SIGTERM. The server is the library's (ty_server_start); this file reads the
 * options, says where it listens, and waits for the signal that stops it.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "lexicon_cli.h"

enum { OPT_LISTEN = 256, OPT_TOKEN, OPT_READ_ONLY, OPT_USER, OPT_THREADS };

static const ty_cli_option options[] = {
    {"db", 'd', "MEMORY", "the translation memory (it must exist)"},
    {"listen", OPT_LISTEN, "HOST:PORT",
     "where to listen (default 127.0.0.1:8080; port 0: any free port; an address that is not "
     "loopback needs --token)"},
    {"token", OPT_TOKEN, "FILE",
     "bearer tokens, one a line, NAME:TOKEN (16 characters or more); every request but the "
     "page files then needs one, and edits are recorded under its NAME"},
    {"read-only", OPT_READ_ONLY, NULL, "refuse edits (403): search, read and export only"},
    {"user", OPT_USER, "NAME", "who edits are recorded as without a token (default $USER)"},
    {"threads", OPT_THREADS, "N",
     "threads answering requests, 1..64 (default: the processors, 2 at least)"},
    TY_CLI_LEXICON_OPTIONS,
    {NULL, 0, NULL, NULL}};

static int run(ty_cli *c);
static int serve(ty_cli *c, ty_cli_lexicon *lex);

const ty_cli_command ty_cmd_serve = {
    .name = "serve",
    .summary = "serve a translation memory to a browser: search, consistency, review",
    .usage = "--db MEMORY [--listen HOST:PORT] [--token FILE] [--read-only] [--user NAME]",
    .description =
        "Serve a translation memory over HTTP until interrupted (Ctrl-C, SIGTERM): pages to "
        "review its documents' alignments (the most doubtful documents first; beads side by "
        "side with their confidence; join, split, move, unpair, pair, mark reviewed, reject, "
        "pin and re-align, undo, by mouse and by keyboard, each edit recorded with --user or "
        "the token's name), to search it (lookup with the differences marked, concordance) and "
        "to read its consistency findings (with an Ignore action kept in the memory), a JSON "
        "API under "
        "/api/, and an amaGama-compatible endpoint, GET /tmserver/SRC/TGT/unit/TEXT, for CAT "
        "tools. The page files are in the program: nothing is loaded from elsewhere. "
        "It listens on loopback unless told otherwise; another address needs --token. Edits "
        "(POST) need the session token the pages get from GET /api/session, and are refused "
        "from other sites. Readers use read-only connections of their own, and edits go one "
        "at a time through one writer, so reading goes on while someone edits. Re-alignment "
        "uses the dictionaries `taiyaku align` uses (the lexicon options as align's; loaded "
        "at start unless --read-only).",
    .options = options,
    .run = run,
};

/* The lexicon outlives the server, which keeps a pointer to it. */
static int run(ty_cli *c)
{
    ty_cli_lexicon lex;
    int rc;

    if ((rc = ty_cli_lexicon_init(c, &lex)) != TY_EXIT_OK)
        return rc;
    rc = serve(c, &lex);
    ty_cli_lexicon_done(&lex);
    return rc;
}

static int serve(ty_cli *c, ty_cli_lexicon *lex)
{
    const char *db = NULL;
    ty_serve_opts o;
    ty_server *srv = NULL;
    ty_error e;
    sigset_t stop, old;
    long v;
    int k, sig, rc;

    ty_serve_opts_init(&o);
    o.user = getenv("USER");
    while ((k = ty_cli_next(c)) > 0) {
        switch (k) {
        case 'd': db = c->arg; break;
        case OPT_LISTEN: o.listen = c->arg; break;
        case OPT_TOKEN: o.token_file = c->arg; break;
        case OPT_READ_ONLY: o.read_only = 1; break;
        case OPT_USER:
            if (ty_cli_utf8(c, "--user", c->arg))
                return TY_EXIT_USAGE;
            o.user = c->arg;
            break;
        case OPT_THREADS:
            if (ty_cli_number(c, 1, 64, &v))
                return TY_EXIT_USAGE;
            o.threads = (unsigned)v;
            break;
        default: ty_cli_lexicon_option(c, lex, k); break;
        }
    }
    if (k < 0)
        return c->rc;
    if (ty_cli_require(c, db, "--db MEMORY") || ty_cli_operands(c, 0, 0, NULL))
        return TY_EXIT_USAGE;
    if (!o.read_only && (rc = ty_cli_lexicon_load(c, lex)) != TY_EXIT_OK)
        return rc;
    o.lexicon = lex->lexicon;
    /* The server's threads start with SIGINT and SIGTERM blocked; this thread waits for them. */
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    ty_error_clear(&e);
    if (ty_server_start(db, &o, &srv, &e) != TY_OK) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        return ty_cli_fail(c, &e);
    }
    const char *colon = strrchr(o.listen, ':');
    fprintf(c->out, "taiyaku: serving %s at http://%.*s:%u/ (%s; Ctrl-C stops)\n", db,
            (int)(colon - o.listen), o.listen, ty_server_port(srv),
            o.read_only ? "read-only" : "edits allowed");
    fflush(c->out);
    sigwait(&stop, &sig);
    ty_server_stop(srv);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    fprintf(c->out, "taiyaku: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    return TY_EXIT_OK;
}
