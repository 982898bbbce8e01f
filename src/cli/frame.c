/*
 * frame.c — the frame every subcommand runs in (see frame.h): getopt_long tables built from
 * the command's record, getopt's state reset on every run, the usage errors worded once,
 * --help laid out from the record, the checks of option values, and the end of every run
 * (flush, and one line when a write failed). It does not know which commands exist, and
 * prints nothing but help and messages.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "frame.h"
#include "help_text.h"
#include "text_out.h"

void ty_cli_init(ty_cli *c, const ty_cli_command *cmd, int argc, char **argv, FILE *out,
                 FILE *err)
{
    memset(c, 0, sizeof *c);
    c->out = out;
    c->err = err;
    c->status_tty = -1;
    c->cmd = cmd;
    c->argc = argc;
    c->argv = argv;
}

int ty_cli_run(const ty_cli_command *cmd, int argc, char **argv, FILE *out, FILE *err)
{
    ty_cli c;

    ty_cli_init(&c, cmd, argc, argv, out, err);
    return ty_cli_end(&c, cmd->run(&c));
}

int ty_cli_end(ty_cli *c, int rc)
{
    int e = 0;

    ty_cli_status_clear(c);
    errno = 0;
    if (fflush(c->out) != 0)
        e = errno ? errno : EIO;
    else if (ferror(c->out))
        e = EIO; /* an earlier write failed and its bytes were dropped: the reason is gone */
    if (!e)
        return rc;
    clearerr(c->out); /* the stream may serve another run in this process */
    if (c->reported && rc != TY_EXIT_OK && rc != TY_EXIT_FINDINGS)
        return rc; /* the failure has been told already, in its own words */
    fprintf(c->err, "taiyaku: error writing output: %s\n", strerror(e));
    return TY_EXIT_ERROR;
}

/* ---- messages ------------------------------------------------------------------------------ */

static const char *cmd_name(const ty_cli *c)
{
    return c->cmd ? c->cmd->name : NULL;
}

/* A message on c->err: what it says about the input (names, codes, texts) may hold control
 * characters, which are written as spaces (text_out.h). */
static void vsay(ty_cli *c, const char *fmt, va_list ap)
{
    char buf[4096];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);

    if (n < 0)
        n = 0;
    ty_cli_put_flat(c->err, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

int ty_cli_usage(ty_cli *c, const char *fmt, ...)
{
    const char *name = cmd_name(c);
    va_list ap;

    fprintf(c->err, name ? "taiyaku %s: " : "taiyaku: ", name);
    va_start(ap, fmt);
    vsay(c, fmt, ap);
    va_end(ap);
    if (name)
        fprintf(c->err, " (see 'taiyaku %s --help')\n", name);
    else
        fputs(" (see 'taiyaku --help')\n", c->err);
    c->reported = 1;
    return TY_EXIT_USAGE;
}

/* "taiyaku: MESSAGE" and a line break. */
static void vline(ty_cli *c, const char *fmt, va_list ap)
{
    ty_cli_status_clear(c);
    fputs("taiyaku: ", c->err);
    vsay(c, fmt, ap);
    fputc('\n', c->err);
}

int ty_cli_error(ty_cli *c, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vline(c, fmt, ap);
    va_end(ap);
    c->reported = 1;
    return TY_EXIT_ERROR;
}

void ty_cli_warn(ty_cli *c, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vline(c, fmt, ap);
    va_end(ap);
}

int ty_cli_fail(ty_cli *c, const ty_error *e)
{
    char buf[2048];
    return ty_cli_error(c, "%s", ty_error_format(e, buf, sizeof buf));
}

int ty_cli_fail_writing(ty_cli *c, const char *path, const ty_error *e)
{
    static const char prefix[] = "cannot write: ";
    const char *why = e->message;

    if (strcmp(path, "-") != 0 || e->status != TY_ERR_IO)
        return ty_cli_fail(c, e);
    if (!strncmp(why, prefix, sizeof prefix - 1))
        why += sizeof prefix - 1;
    return ty_cli_error(c, "error writing output: %s", why);
}

int ty_cli_oom(ty_cli *c)
{
    return ty_cli_error(c, "out of memory");
}

/* ---- the status line ------------------------------------------------------------------------ */

int ty_cli_status_on(ty_cli *c)
{
    if (c->status_tty < 0)
        c->status_tty = c->err && fileno(c->err) >= 0 && isatty(fileno(c->err));
    return c->status_tty;
}

double ty_cli_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void ty_cli_status(ty_cli *c, double every, const char *fmt, ...)
{
    double now;
    va_list ap;

    if (!ty_cli_status_on(c))
        return;
    now = ty_cli_seconds();
    if (every > 0 && c->status_drawn && now - c->status_at < every)
        return;
    fputs("\r\033[Ktaiyaku: ", c->err);
    va_start(ap, fmt);
    vsay(c, fmt, ap);
    va_end(ap);
    fflush(c->err);
    c->status_drawn = 1;
    c->status_at = now;
}

void ty_cli_status_clear(ty_cli *c)
{
    if (!c->status_drawn)
        return;
    fputs("\r\033[K", c->err);
    fflush(c->err);
    c->status_drawn = 0;
}

/* ---- options --------------------------------------------------------------------------------- */

static int build_tables(ty_cli *c)
{
    size_t n = 0, k = 0;

    c->shortopts[k++] = ':'; /* a missing value is ':', not '?' */
    for (const ty_cli_option *o = c->cmd ? c->cmd->options : NULL; o && o->name; o++) {
        if (n == TY_CLI_MAX_OPTIONS)
            return -1;
        c->longopts[n].name = o->name;
        c->longopts[n].has_arg = o->arg ? required_argument : no_argument;
        c->longopts[n].flag = NULL;
        c->longopts[n].val = o->key;
        n++;
        if (o->key > 0 && o->key < 256 && !memchr(c->shortopts, o->key, k)) {
            c->shortopts[k++] = (char)o->key;
            if (o->arg)
                c->shortopts[k++] = ':';
        }
    }
    c->longopts[n].name = "help";
    c->longopts[n].has_arg = no_argument;
    c->longopts[n].flag = NULL;
    c->longopts[n].val = 'h';
    memset(&c->longopts[n + 1], 0, sizeof c->longopts[n + 1]);
    c->shortopts[k++] = 'h';
    c->shortopts[k] = '\0';
    return 0;
}

static const ty_cli_option *find_option(const ty_cli *c, int key)
{
    for (const ty_cli_option *o = c->cmd ? c->cmd->options : NULL; o && o->name; o++)
        if (o->key == key)
            return o;
    return NULL;
}

/* A long option getopt refused (the word as written, `len` bytes up to any '='). */
static int bad_long_option(ty_cli *c, int k, const char *w, int len)
{
    char names[256] = "";
    size_t at = 0;
    int matches = 0, last = 0;

    if (k == ':')
        return ty_cli_usage(c, "option '%.*s' needs a value", len, w);
    if (optopt)
        return ty_cli_usage(c, "option '%.*s' takes no value", len, w);
    for (const ty_cli_option *o = c->cmd ? c->cmd->options : NULL; o && o->name; o++) {
        if (strncmp(o->name, w + 2, (size_t)len - 2) != 0 || (matches && o->key == last))
            continue;
        if (at < sizeof names)
            at += (size_t)snprintf(names + at, sizeof names - at, "%s--%s", matches ? ", " : "",
                                   o->name);
        matches++;
        last = o->key;
    }
    if (matches > 1)
        return ty_cli_usage(c, "option '%.*s' is ambiguous (%s)", len, w, names);
    return ty_cli_usage(c, "unknown option '%.*s'", len, w);
}

int ty_cli_next(ty_cli *c)
{
    const char *w;
    int k;

    if (!c->started) {
        c->started = 1;
        if (build_tables(c) != 0) {
            c->rc = ty_cli_error(c, "%s: more than %d options", cmd_name(c), TY_CLI_MAX_OPTIONS);
            return -1;
        }
        optind = 0; /* 0, not 1: a full reset, as ty_cli_main may run many times in a process */
        opterr = 0;
    }
    k = getopt_long(c->argc, c->argv, c->shortopts, c->longopts, NULL);
    c->arg = optarg;
    c->option = NULL;
    if (k == -1) {
        c->args = c->argv + optind;
        c->nargs = c->argc - optind;
        return 0;
    }
    if (k == 'h') {
        ty_cli_print_help(c->out, c->cmd);
        c->rc = TY_EXIT_OK;
        return -1;
    }
    if (k == ':' || k == '?') {
        w = c->argv[optind - 1];
        if (!strncmp(w, "--", 2))
            c->rc = bad_long_option(c, k, w, (int)strcspn(w, "="));
        else if (k == ':')
            c->rc = ty_cli_usage(c, "option '-%c' needs a value", optopt);
        else
            c->rc = ty_cli_usage(c, "unknown option '-%c'", optopt);
        return -1;
    }
    c->option = find_option(c, k);
    return k;
}

/* ---- help ------------------------------------------------------------------------------------ */

char *ty_cli_option_label(const ty_cli_option *o, char *buf, size_t size)
{
    if (o->key > 0 && o->key < 256)
        snprintf(buf, size, "-%c, --%s%s%s", o->key, o->name, o->arg ? " " : "",
                 o->arg ? o->arg : "");
    else
        snprintf(buf, size, "    --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
    return buf;
}

/* The column option help starts in: after the longest label that fits before it. */
#define HELP_MAX_COLUMN 28

static void print_option(FILE *out, const char *label, const char *help, size_t col)
{
    size_t w = 2 + strlen(label);

    fprintf(out, "  %s", label);
    if (w + 2 > col) {
        fputc('\n', out);
        w = 0;
    }
    fprintf(out, "%*s", (int)(col - w), "");
    ty_help_print(out, help, col, TY_CLI_WIDTH);
}

void ty_cli_print_help(FILE *out, const ty_cli_command *cmd)
{
    static const ty_cli_option help = {"help", 'h', NULL, "this help"};
    const char *u = cmd->usage, *nl;
    char label[128];
    size_t col = 0;
    int first = 1;

    for (; u && *u; u = *nl ? nl + 1 : nl, first = 0) {
        nl = strchr(u, '\n');
        if (!nl)
            nl = u + strlen(u);
        fprintf(out, "%s taiyaku %s %.*s\n", first ? "usage:" : "      ", cmd->name,
                (int)(nl - u), u);
    }
    fputc('\n', out);
    ty_help_print(out, cmd->description, 0, TY_CLI_WIDTH);
    for (const ty_cli_option *o = cmd->options; o && o->name; o++) {
        size_t w = 2 + strlen(ty_cli_option_label(o, label, sizeof label)) + 2;
        if (o->help && w > col && w <= HELP_MAX_COLUMN)
            col = w;
    }
    if (col == 0)
        col = 2 + strlen(ty_cli_option_label(&help, label, sizeof label)) + 2;
    fputs("\nOptions:\n", out);
    for (const ty_cli_option *o = cmd->options; o && o->name; o++)
        if (o->help)
            print_option(out, ty_cli_option_label(o, label, sizeof label), o->help, col);
    print_option(out, ty_cli_option_label(&help, label, sizeof label), help.help, col);
    if (cmd->notes) {
        fputc('\n', out);
        ty_help_print(out, cmd->notes, 0, TY_CLI_WIDTH);
    }
}

/* ---- checks ---------------------------------------------------------------------------------- */

int ty_cli_require(ty_cli *c, const void *value, const char *what)
{
    return value ? 0 : ty_cli_usage(c, "%s is required", what);
}

int ty_cli_operands(ty_cli *c, int min, int max, const char *what)
{
    if (c->nargs >= min && c->nargs <= max)
        return 0;
    if (max == 0)
        return ty_cli_usage(c, "unexpected argument '%s'", c->args[0]);
    return ty_cli_usage(c, "expected %s", what);
}

int ty_cli_utf8(ty_cli *c, const char *what, const char *s)
{
    size_t n = s ? strlen(s) : 0, bad = s ? ty_utf8_check(s, n) : 0;

    if (bad == n)
        return 0;
    return ty_cli_usage(c, "%s is not valid UTF-8 (byte %zu)", what, bad);
}

/* ---- option values --------------------------------------------------------------------------- */

static const char *option_name(const ty_cli *c)
{
    return c->option ? c->option->name : "?";
}

int ty_cli_parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int ty_cli_number(ty_cli *c, long lo, long hi, long *v)
{
    if (ty_cli_parse_long(c->arg, lo, hi, v) == 0)
        return 0;
    return ty_cli_usage(c, "--%s wants a number from %ld to %ld, not '%s'", option_name(c), lo,
                        hi, c->arg);
}

int ty_cli_fraction(ty_cli *c, double *v)
{
    char *end;
    double x = strtod(c->arg, &end);

    if (end != c->arg && !*end && x >= 0 && x <= 1) {
        *v = x;
        return 0;
    }
    return ty_cli_usage(c, "--%s wants a number from 0 to 1, not '%s'", option_name(c), c->arg);
}

int ty_cli_lang(ty_cli *c, ty_lang *lang)
{
    if (ty_lang_parse(c->arg, lang) == 0)
        return 0;
    return ty_cli_usage(c, "unknown language '%s' (ja or en)", c->arg);
}

int ty_cli_choice(ty_cli *c, const char *noun, const char *value, const char *const *choices,
                  int *index)
{
    char list[256];
    size_t at = 0, n = 0;

    for (; choices[n]; n++)
        if (!strcmp(value, choices[n])) {
            *index = (int)n;
            return 0;
        }
    list[0] = '\0';
    for (size_t i = 0; i < n && at < sizeof list; i++)
        at += (size_t)snprintf(list + at, sizeof list - at, "%s%s",
                               i == 0 ? "" : i + 1 == n ? " or " : ", ", choices[i]);
    return ty_cli_usage(c, "unknown %s '%s' (%s)", noun, value, list);
}

int ty_cli_colour(ty_cli *c, const char *when, int *colour)
{
    static const char *const modes[] = {"auto", "always", "never", NULL};
    const char *no = getenv("NO_COLOR");
    int m;

    if (ty_cli_choice(c, "colour mode", when, modes, &m) != 0)
        return TY_EXIT_USAGE;
    *colour = m == 1 || (m == 0 && isatty(fileno(c->out)) && !(no && *no));
    return 0;
}
