/*
 * cmd_batch.c — `taiyaku batch`: a bilingual archive into a memory in one command. It pairs two
 * folders (ty_pair_dirs) or reads pairs from a TSV file, runs ty_batch_run with a progress line
 * on standard error, writes the report (JSON lines, or an HTML page), and ends with a summary
 * table, the worst pairs first. Reading, aligning and storing are the library's.
 */
#include "config.h"

#include <errno.h>
#ifdef HAVE_MALLOPT
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "archive_cli.h"
#include "commands.h"
#include "json_out.h"
#include "lexicon_cli.h"
#include "tm_cli.h"

enum { OPT_PAIRS = 256, OPT_REPORT, OPT_PROGRESS_EVERY, OPT_STRICT, OPT_FORCE, OPT_CPU };

/* Rows of the closing summary table. */
#define SUMMARY_ROWS 10

/* Each pair's alignment allocates and frees blocks of megabytes on every aligning thread.
 * glibc hands them back to the system at once by default (blocks above 128 kB are mapped
 * on their own, and a thread's heap is trimmed as soon as its top is free), so the next
 * pair faults the same pages in again, and the threads contend for the process's mappings.
 * The run keeps them instead: blocks up to 32 MB come from the heap, and up to 512 MB of
 * freed heap stays with the process. */
static void keep_freed_memory(void)
{
#ifdef HAVE_MALLOPT
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
}

static const ty_cli_option options[] = {
    TY_CLI_DB_OPTION,
    {"pairs", OPT_PAIRS, "FILE",
     "take the pairs from FILE: JA<TAB>EN a line, as 'taiyaku pair' prints them ('-': standard "
     "input), instead of pairing two folders"},
    {"output", 'o', "DIR|FILE.tmx",
     "also write TMX: one file per pair into DIR (the Japanese file's name with .tmx), or, for a "
     "name ending in .tmx, one file of every pair"},
    TY_CLI_JOBS_OPTION,
    {"report", OPT_REPORT, "FILE",
     "write a report: one JSON object per pair (files, sentences, beads by shape, mean "
     "confidence, share below 0.9, unpaired share, seconds, status), or an HTML page when FILE "
     "ends in .html"},
    {"quiet", 'q', NULL, "no progress on standard error"},
    {"progress-every", OPT_PROGRESS_EVERY, "SECONDS",
     "when standard error is not a terminal, a progress line every SECONDS (default 10; 0: "
     "after each pair)"},
    {"cpu", OPT_CPU, NULL,
     "after the totals, the CPU seconds of the writer and of the aligning threads, and their "
     "ratio"},
    {"strict", OPT_STRICT, NULL,
     "a pair written in each other's language fails instead of being swapped back"},
    {"force", OPT_FORCE, NULL,
     "store pairs that do not look like translations, and align sides in neither language"},
    TY_CLI_PAIRING_OPTIONS,
    {"encoding", 'e', "NAME", "the files' encoding (default: detected for each file)"},
    TY_CLI_LEXICON_OPTIONS,
    {NULL, 0, NULL, NULL}};

static int run(ty_cli *c);

const ty_cli_command ty_cmd_batch = {
    .name = "batch",
    .summary = "align every document pair of an archive into a memory, resumably",
    .usage = "--db MEMORY [OPTIONS] JA_DIR EN_DIR\n--db MEMORY --pairs FILE.tsv [OPTIONS]",
    .description =
        "Pair the documents of two folders (as 'taiyaku pair' does) or take the pairs of a TSV "
        "file, align each pair and add it to the translation memory MEMORY (created when "
        "missing), each pair all or nothing. --jobs threads read and align; one writer stores "
        "the pairs in order, committing them in groups of at most 8 pairs or a quarter of a "
        "second. A pair that fails (unreadable, empty, in neither language) or does not look "
        "like a translation (over half its segments unpaired, or a mean confidence below 0.75) "
        "is reported with its file and reason, and the others go on. A pair written in each "
        "other's language is swapped back with a warning.\n"
        "\n"
        "Running the same command again skips the pairs the memory holds with the same content, "
        "and aligns again a pair whose files changed, replacing its earlier units (as 'taiyaku "
        "remove' does). A killed run loses only the pairs in flight (being aligned, or in the "
        "group not yet committed). Documents are named 'JA | EN' in the memory: their paths "
        "relative to the folders, or as the TSV file gives them.\n"
        "\n"
        "On a terminal a progress line is redrawn (pairs done of all, sentences, rate, time "
        "left); otherwise a line is printed every --progress-every seconds. The command ends with "
        "the totals and the worst pairs.",
    .options = options,
    .notes = "Exit status: 0 when every pair is stored or was already, 1 when some pair failed or "
             "was refused, 2 when the run itself failed (the memory could not be written).",
    .run = run,
};

typedef struct batch_cli {
    ty_cli *c;
    int tty, quiet, cpu;
    double every, last;      /* seconds between plain lines; the run's time of the last line */
    FILE *report;            /* JSON lines, or NULL */
    ty_batch_result **kept;  /* every result, for the table and the HTML page */
    size_t nkept, capkept;
    int oom;
} batch_cli;

static void duration(char *buf, size_t size, double s)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, size, "%ld:%02ld", t / 60, t % 60);
}

static void on_progress(const ty_batch_progress *p, void *user)
{
    batch_cli *b = user;
    double t = p->elapsed, rate = p->elapsed > 0 ? (double)p->done / p->elapsed : 0;
    char eta[32] = "?", failed[32] = "";

    if (b->quiet || (b->tty ? t - b->last < 0.1 && p->done < p->total
                            : t - b->last < b->every || p->done == p->total))
        return;
    b->last = t;
    if (rate > 0)
        duration(eta, sizeof eta, (double)(p->total - p->done) / rate);
    if (p->failed)
        snprintf(failed, sizeof failed, ", %zu failed", p->failed);
    if (b->tty) {
        ty_cli_status(b->c, 0, "%zu/%zu pairs, %zu sentences, %.1f pairs/s, %s left%s", p->done,
                      p->total, p->sentences, rate, eta, failed);
    } else {
        fprintf(b->c->err, "taiyaku batch: %zu/%zu pairs, %zu sentences, %.1f pairs/s, %s left%s\n",
                p->done, p->total, p->sentences, rate, eta, failed);
    }
    fflush(b->c->err);
}

static void report_line(FILE *out, const ty_batch_result *r)
{
    static const char *const shapes[TY_BEAD_SHAPES] = {"1:1", "1:0", "0:1", "1:2",
                                                       "2:1", "2:2", "1:3", "3:1"};
    const ty_alignment_summary *s = &r->summary;

    fputs("{\"ja\":", out);
    ty_cli_json_string(out, r->pair->ja);
    fputs(",\"en\":", out);
    ty_cli_json_string(out, r->pair->en);
    fprintf(out, ",\"status\":\"%s\",\"swapped\":%s,\"ja_sentences\":%zu,\"en_sentences\":%zu,"
                 "\"beads\":{",
            ty_batch_status_name(r->status), r->swapped ? "true" : "false", s->ja_segments,
            s->en_segments);
    for (int k = 0; k < TY_BEAD_SHAPES; k++)
        fprintf(out, "%s\"%s\":%zu", k ? "," : "", shapes[k], s->shapes[k]);
    if (s->beads)
        fprintf(out, "},\"mean_confidence\":%.4f,\"below_0_9\":%.4f,\"unpaired\":%.4f",
                s->mean_confidence, s->low_share, s->unpaired_share);
    else
        fputs("},\"mean_confidence\":null,\"below_0_9\":null,\"unpaired\":null", out);
    if (s->agreement >= 0)
        fprintf(out, ",\"anchor_agreement\":%.4f,\"anchored_agreeing\":%.4f", s->agreement,
                s->anchored_agreeing);
    fprintf(out, ",\"units_added\":%zu,\"seconds\":%.3f,\"error\":", r->import.added, r->seconds);
    if (r->status == TY_BATCH_FAILED || r->status == TY_BATCH_REFUSED) {
        char msg[2048];
        ty_cli_json_string(out, ty_error_format(&r->error, msg, sizeof msg));
    } else {
        fputs("null", out);
    }
    fputs("}\n", out);
    fflush(out);
}

static void on_result(const ty_batch_result *r, void *user)
{
    batch_cli *b = user;
    ty_batch_result *copy;

    if (r->status == TY_BATCH_FAILED || r->status == TY_BATCH_REFUSED) {
        char msg[2048];
        ty_cli_status_clear(b->c);
        fprintf(b->c->err, "taiyaku: %s%s\n", r->status == TY_BATCH_REFUSED ? "refused: " : "",
                ty_error_format(&r->error, msg, sizeof msg));
    } else if (r->swapped) {
        ty_cli_status_clear(b->c);
        fprintf(b->c->err, "taiyaku: %s and %s: warning: %s: swapped back\n", r->pair->ja,
                r->pair->en, ty_pair_check_text(TY_PAIR_SWAPPED));
    }
    if (b->report)
        report_line(b->report, r);
    if (b->nkept == b->capkept) {
        size_t cap = b->capkept ? 2 * b->capkept : 256;
        ty_batch_result **v = realloc(b->kept, cap * sizeof *v);
        if (!v) {
            b->oom = 1;
            return;
        }
        b->kept = v;
        b->capkept = cap;
    }
    if (!(copy = malloc(sizeof *copy))) {
        b->oom = 1;
        return;
    }
    *copy = *r;
    b->kept[b->nkept++] = copy;
}

static void summary(batch_cli *b, const ty_batch_totals *t)
{
    FILE *out = b->c->out;
    size_t rows = b->nkept < SUMMARY_ROWS ? b->nkept : SUMMARY_ROWS;

    fprintf(out, "%zu pairs: %zu stored, %zu replaced, %zu unchanged, %zu refused, %zu failed; "
                 "%zu units added, %zu sentences\n",
            t->pairs, t->by_status[TY_BATCH_STORED], t->by_status[TY_BATCH_REPLACED],
            t->by_status[TY_BATCH_UNCHANGED], t->by_status[TY_BATCH_REFUSED],
            t->by_status[TY_BATCH_FAILED], t->units_added, t->sentences);
    if (b->cpu)
        fprintf(out, "CPU: writer %.2f s, aligning threads %.2f s, writer/aligning %.3f\n",
                t->writer_cpu, t->aligning_cpu,
                t->aligning_cpu > 0 ? t->writer_cpu / t->aligning_cpu : 0.0);
    if (!rows)
        return;
    ty_batch_results_sort((const ty_batch_result **)b->kept, b->nkept);
    fprintf(out, "%s %zu:\n%-9s %6s %6s %8s %11s  %s\n",
            rows < b->nkept ? "worst pairs, the first" : "pairs, the worst first", rows,
            "status", "mean", "<0.9", "unpaired", "sentences", "pair");
    for (size_t i = 0; i < rows; i++) {
        const ty_batch_result *r = b->kept[i];
        const ty_alignment_summary *s = &r->summary;
        char sent[32];
        snprintf(sent, sizeof sent, "%zu/%zu", s->ja_segments, s->en_segments);
        if (s->beads)
            fprintf(out, "%-9s %6.3f %5.1f%% %7.1f%% %11s  ", ty_batch_status_name(r->status),
                    s->mean_confidence, 100 * s->low_share, 100 * s->unpaired_share, sent);
        else
            fprintf(out, "%-9s %6s %6s %8s %11s  ", ty_batch_status_name(r->status), "-", "-",
                    "-", sent);
        ty_cli_put_flat(out, r->pair->ja, strlen(r->pair->ja));
        fputs(" | ", out);
        ty_cli_put_flat(out, r->pair->en, strlen(r->pair->en));
        fputc('\n', out);
    }
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && !strcasecmp(s + n - t, tail);
}

static void warn_unpaired(ty_cli *c, const ty_path_pair *p)
{
    const char *path = p->ja ? p->ja : p->en;
    fprintf(c->err, "taiyaku: %s: warning: no %s counterpart found: left out\n", path,
            p->ja ? "English" : "Japanese");
}

static int run(ty_cli *c)
{
    ty_pair_dirs_opts po;
    ty_batch_opts bo;
    ty_batch_totals totals;
    ty_cli_lexicon lex;
    batch_cli b;
    ty_path_pairs *pairs = NULL;
    ty_tm *tm = NULL;
    ty_error e;
    const char *db = NULL, *pairs_file = NULL, *output = NULL, *report = NULL, *when;
    char tbuf[32];
    size_t jobs = ty_cli_cores();
    long every = 10;
    int k, r, rc;

    memset(&b, 0, sizeof b);
    b.c = c;
    ty_pair_dirs_opts_init(&po);
    ty_batch_opts_init(&bo);
    ty_error_clear(&e);
    if ((rc = ty_cli_lexicon_init(c, &lex)) != TY_EXIT_OK)
        return rc;
    while ((k = ty_cli_next(c)) > 0) {
        switch (k) {
        case 'd': db = c->arg; break;
        case OPT_PAIRS: pairs_file = c->arg; break;
        case 'o': output = c->arg; break;
        case OPT_REPORT: report = c->arg; break;
        case 'q': b.quiet = 1; break;
        case OPT_PROGRESS_EVERY:
            if (ty_cli_number(c, 0, 86400, &every)) {
                rc = TY_EXIT_USAGE;
                goto done;
            }
            break;
        case OPT_CPU: b.cpu = 1; break;
        case OPT_STRICT: bo.strict = 1; break;
        case OPT_FORCE: bo.force = 1; break;
        case 'e': po.decode.encoding = bo.decode.encoding = c->arg; break;
        default:
            if (ty_cli_lexicon_option(c, &lex, k))
                break;
            if ((r = ty_cli_archive_option(c, k, &jobs, &po.pair)) == TY_EXIT_USAGE) {
                rc = r;
                goto done;
            }
        }
    }
    if (k < 0) {
        rc = c->rc;
        goto done;
    }
    if (ty_cli_require(c, db, "--db MEMORY") ||
        ty_cli_operands(c, pairs_file ? 0 : 2, pairs_file ? 0 : 2,
                        pairs_file ? "no folders with --pairs" : "two folders, JA_DIR and EN_DIR")) {
        rc = TY_EXIT_USAGE;
        goto done;
    }
    if ((rc = ty_cli_lexicon_load(c, &lex)) != TY_EXIT_OK)
        goto done;
    if (pairs_file) {
        if (ty_path_pairs_read_tsv(pairs_file, &pairs, &e) != TY_OK) {
            rc = ty_cli_fail(c, &e);
            goto done;
        }
    } else {
        po.pair.jobs = jobs;
        po.lexicon = lex.lexicon;
        po.warn = ty_cli_archive_warn;
        po.userdata = c;
        if (ty_pair_dirs(c->args[0], c->args[1], &po, &pairs, &e) != TY_OK) {
            rc = ty_cli_fail(c, &e);
            goto done;
        }
        for (size_t i = 0; i < ty_path_pairs_count(pairs); i++) {
            const ty_path_pair *p = ty_path_pairs_get(pairs, i);
            if (!p->ja || !p->en)
                warn_unpaired(c, p);
        }
    }
    if (report && !ends_with(report, ".html") && !(b.report = fopen(report, "w"))) {
        rc = ty_cli_error(c, "%s: cannot write the report: %s", report, strerror(errno));
        goto done;
    }
    if ((rc = ty_cli_import_time(c, tbuf, sizeof tbuf, &when)) != TY_EXIT_OK)
        goto done;
    if ((rc = ty_cli_tm_open(c, db, TY_TM_CREATE, &tm)) != TY_EXIT_OK)
        goto done;
    bo.jobs = jobs;
    bo.align.lexicon = lex.lexicon;
    bo.imported_at = when;
    if (output && ends_with(output, ".tmx"))
        bo.tmx_file = output;
    else
        bo.tmx_dir = output;
    bo.on_result = on_result;
    bo.on_progress = on_progress;
    bo.userdata = &b;
    b.tty = ty_cli_status_on(c);
    b.every = (double)every;
    b.last = 0;
    keep_freed_memory();
    if (ty_batch_run(tm, pairs, &bo, &totals, &e) != TY_OK) {
        ty_cli_status_clear(c);
        rc = ty_cli_fail(c, &e);
        goto done;
    }
    ty_cli_status_clear(c);
    if (b.oom) {
        rc = ty_cli_oom(c);
        goto done;
    }
    if (report && !b.report &&
        ty_batch_report_write_html(report, NULL, (const ty_batch_result *const *)b.kept, b.nkept,
                                   &e) != TY_OK) {
        rc = ty_cli_fail_writing(c, report, &e);
        goto done;
    }
    summary(&b, &totals);
    rc = totals.by_status[TY_BATCH_FAILED] || totals.by_status[TY_BATCH_REFUSED]
             ? TY_EXIT_FINDINGS
             : TY_EXIT_OK;
done:
    if (b.report && fclose(b.report) != 0 && rc == TY_EXIT_OK)
        rc = ty_cli_error(c, "%s: cannot write the report: %s", report, strerror(errno));
    for (size_t i = 0; i < b.nkept; i++)
        free(b.kept[i]);
    free(b.kept);
    ty_tm_close(tm);
    ty_path_pairs_free(pairs);
    ty_cli_lexicon_done(&lex);
    return rc;
}
