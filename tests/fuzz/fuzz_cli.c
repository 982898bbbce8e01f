/*
 * fuzz_cli.c — fuzz target for the whole program, run in-process as libxml2 runs xmllintMain:
 * each input is a few taiyaku command lines and up to two input files, run one after the
 * other through ty_cli_main in a private temporary directory. Invariants: ty_cli_main
 * returns 0, 1, 2 or 64, never crashes or leaks, and runs any number of times in one process
 * (the frame resets getopt on every run; nothing else may carry over).
 *
 * The input (at most 4096 bytes):
 *   line 1    the command lines, without "taiyaku": words separated by spaces, commands by a
 *             word ";" (at most 4 commands of at most 16 words). A command whose first word
 *             is ">full" writes its output to /dev/full.
 *   the rest  the file "a"; after a line "%%", the file "b".
 * An input with a word holding '/' (or "..") is skipped, so that every path stays in the
 * directory, which is emptied after each input. Standard input is /dev/null, and what a
 * command writes to standard output itself (TMX to "-") goes to /dev/null. The commands that
 * can load the system dictionaries get --no-lexicon: their index takes seconds to build and
 * is a 35 MB cache.
 *
 * With TY_FUZZ_CLI_TRACE set, each command line, its messages and its exit code go to standard
 * error (for writing seeds).
 */
#define _XOPEN_SOURCE 700
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"

#define MAX_INPUT 4096
#define MAX_COMMANDS 4
#define MAX_WORDS 16

static char dir[64];
static int devnull = -1;

static int remove_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)type;
    if (ftw->level > 0)
        remove(path);
    return 0;
}

/* Empty the directory (and, at exit, remove it). */
static void empty_dir(void)
{
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void remove_dir(void)
{
    empty_dir();
    rmdir(dir);
}

static void run(char **words, int n, int want);

/* One process, many runs: the same command lines give the same answers whatever ran before
 * (getopt's state is reset by the frame on every run). */
static void self_check(void)
{
    static const struct {
        const char *line;
        int want;
    } runs[] = {{"--version", 0},      {"segment --help", 0}, {"segment -l", 64},
                {"segment --help", 0}, {"tmx -Zq", 64},       {"tmx --help", 0},
                {"lookup --db", 64},   {"lookup --help", 0},  {"phrases --max 1 --help", 0}};
    char buf[64], *words[8];

    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        int n = 0;
        snprintf(buf, sizeof buf, "%s", runs[i].line);
        for (char *w = strtok(buf, " "); w && n < 8; w = strtok(NULL, " "))
            words[n++] = w;
        run(words, n, runs[i].want);
    }
}

static void setup(void)
{
    char cache[96];

    snprintf(dir, sizeof dir, "%s", "/tmp/taiyaku-fuzz-cli.XXXXXX");
    if (!mkdtemp(dir) || (devnull = open("/dev/null", O_RDWR)) < 0 || dup2(devnull, 0) < 0)
        abort();
    clearerr(stdin);
    snprintf(cache, sizeof cache, "%s/cache", dir);
    setenv("XDG_CACHE_HOME", cache, 1); /* never the user's cache */
    atexit(remove_dir);
    self_check();
}

static int write_file(const char *name, const uint8_t *data, size_t size)
{
    FILE *f = fopen(name, "wb");
    int ok = f && fwrite(data, 1, size, f) == size;
    if (f && fclose(f) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

/* Whether the command takes --no-lexicon. */
static int takes_no_lexicon(const char *name)
{
    const ty_cli_command *cmd = ty_cli_find_command(name);
    for (const ty_cli_option *o = cmd ? cmd->options : NULL; o && o->name; o++)
        if (!strcmp(o->name, "no-lexicon"))
            return 1;
    return 0;
}

/* Run one command line (words[0, n)); abort unless it exits `want` (-1: any exit code of
 * the program). */
static void run(char **words, int n, int want)
{
    char *argv[MAX_WORDS + 3];
    char prog[] = "taiyaku", nolex[] = "--no-lexicon";
    int argc = 0, full = 0, saved, rc, trace = getenv("TY_FUZZ_CLI_TRACE") != NULL;
    FILE *out, *err;

    if (n > 0 && !strcmp(words[0], ">full")) {
        full = 1;
        words++;
        n--;
    }
    argv[argc++] = prog;
    for (int i = 0; i < n; i++) {
        argv[argc++] = words[i];
        if (i == 0 && takes_no_lexicon(words[0]))
            argv[argc++] = nolex;
    }
    argv[argc] = NULL;
    out = fopen(full ? "/dev/full" : "/dev/null", "w");
    err = trace ? fdopen(dup(2), "w") : fopen("/dev/null", "w");
    if (!out || !err)
        abort();
    if (trace) {
        for (int i = 0; i < argc; i++)
            fprintf(err, "%s%s", i ? " " : "fuzz_cli: ", argv[i]);
        fputc('\n', err);
    }
    fflush(stdout);
    if ((saved = dup(1)) < 0 || dup2(devnull, 1) < 0)
        abort();
    rc = ty_cli_main(argc, argv, out, err);
    fflush(stdout);
    clearerr(stdout);
    if (dup2(saved, 1) < 0)
        abort();
    close(saved);
    if (trace)
        fprintf(err, "fuzz_cli: exit %d\n", rc);
    fclose(out);
    fclose(err);
    if (want >= 0 ? rc != want : rc != 0 && rc != 1 && rc != 2 && rc != 64)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl, *rest, *sep = NULL, *end = data + size;
    char *line, *words[MAX_COMMANDS * (MAX_WORDS + 1)];
    int nwords = 0, cwd, ok = 1;

    if (!dir[0])
        setup();
    if (size > MAX_INPUT)
        return 0;
    nl = memchr(data, '\n', size);
    rest = nl ? nl + 1 : end;
    for (const uint8_t *p = rest; p + 3 <= end && !sep; p++)
        if ((p == rest || p[-1] == '\n') && !memcmp(p, "%%\n", 3))
            sep = p;
    if (!(line = malloc((size_t)(rest - data) + 1)))
        return 0;
    memcpy(line, data, (size_t)(rest - data));
    line[rest - data] = '\0';
    for (char *w = strtok(line, " \t\r\n"); w && ok; w = strtok(NULL, " \t\r\n")) {
        if (strchr(w, '/') || !strcmp(w, "..") || nwords == (int)(sizeof words / sizeof words[0]))
            ok = 0;
        else
            words[nwords++] = w;
    }
    if ((cwd = open(".", O_RDONLY | O_DIRECTORY)) < 0)
        abort();
    if (ok && nwords > 0 && chdir(dir) == 0 &&
        write_file("a", rest, (size_t)((sep ? sep : end) - rest)) == 0 &&
        (!sep || write_file("b", sep + 3, (size_t)(end - sep - 3)) == 0)) {
        int first = 0, ncmd = 0;
        for (int i = 0; i <= nwords && ncmd < MAX_COMMANDS; i++) {
            if (i < nwords && strcmp(words[i], ";") != 0)
                continue;
            if (i - first <= MAX_WORDS) {
                run(words + first, i - first, -1);
                ncmd++;
            }
            first = i + 1;
        }
    }
    if (fchdir(cwd) != 0)
        abort();
    close(cwd);
    empty_dir();
    free(line);
    return 0;
}
