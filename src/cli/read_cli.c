/*
 * read_cli.c — the document-reading options of segment and align, turned into ty_read_opts
 * (with the --drop list loaded), and the warning about replaced bytes. It reads no document.
 */
#include "config.h"

#include <string.h>

#include "read_cli.h"

void ty_cli_read_init(ty_cli_read *r)
{
    memset(r, 0, sizeof *r);
    ty_read_opts_init(&r->opts);
}

int ty_cli_read_option(ty_cli *c, ty_cli_read *r, int key)
{
    switch (key) {
    case TY_CLI_INPUT_FORMAT:
        if (ty_format_parse(c->arg, &r->opts.format) != 0)
            return ty_cli_usage(c, "unknown input format '%s' (auto, text, html, docx, pdf or "
                                   "lawxml)", c->arg);
        return 1;
    case TY_CLI_CONTENT:
        if (!*c->arg)
            return ty_cli_usage(c, "--content wants '#ID', '.CLASS' or a tag name");
        r->opts.content = c->arg;
        return 1;
    case TY_CLI_DROP: r->drop_file = c->arg; return 1;
    case 'e': r->opts.decode.encoding = c->arg; return 1;
    case TY_CLI_LENIENT: r->opts.decode.lenient = 1; return 1;
    default: return 0;
    }
}

int ty_cli_read_ready(ty_cli *c, ty_cli_read *r)
{
    ty_error e;

    if (!r->drop_file)
        return TY_EXIT_OK;
    ty_error_clear(&e);
    if (ty_droplist_new(&r->drop, &e) != TY_OK ||
        ty_droplist_add_file(r->drop, r->drop_file, &e) != TY_OK)
        return ty_cli_fail(c, &e);
    r->opts.drop = r->drop;
    return TY_EXIT_OK;
}

void ty_cli_read_warn_info(ty_cli *c, const char *name, const ty_read_info *info)
{
    if (info->replacements > 0)
        fprintf(c->err, "taiyaku: %s: warning: replaced %zu undecodable byte sequence(s) with "
                        "U+FFFD\n", name, info->replacements);
}

void ty_cli_read_warn(ty_cli *c, const ty_doc *doc)
{
    ty_read_info info;

    memset(&info, 0, sizeof info);
    info.replacements = ty_doc_replacements(doc);
    ty_cli_read_warn_info(c, ty_doc_name(doc), &info);
}

void ty_cli_read_done(ty_cli_read *r)
{
    ty_droplist_free(r->drop);
    r->drop = NULL;
}
