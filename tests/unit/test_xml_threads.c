/*
 * test_xml_threads.c — libxml2 first used on eight threads at once, as `taiyaku batch -o DIR`
 * does (each aligning thread writes its pair's TMX) and as a program embedding the library
 * may: two threads write a TMX file, two read one from memory, two read a .docx and two a law
 * XML document, all released together. libxml2's set-up (its encoding handlers, its
 * per-thread state) is not locked unless xmlInitParser makes it; raced, it leaks, loses an
 * encoding handler (a writer fails) or deadlocks. The race is on a process's first use only,
 * so the test runs itself as RUNS fresh processes ("child"), each of which must get every
 * result right and exit 0 within two minutes (under AddressSanitizer a leak makes it exit
 * non-zero, under ThreadSanitizer a race).
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "taiyaku.h"
#include "tap.h"

enum { THREADS = 8, RUNS = 16 };

static const char tmx_bytes[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" "
    "segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en-US\" srclang=\"ja-JP\" datatype=\"plaintext\"/>"
    "<body><tu><tuv xml:lang=\"ja-JP\"><seg>会議は終わった。</seg></tuv>"
    "<tuv xml:lang=\"en-US\"><seg>The meeting ended.</seg></tuv></tu></body></tmx>\n";

static pthread_barrier_t start;
static const char *srcdir, *dir;

typedef struct job {
    int k;
    char what[1200]; /* "" when right, else what went wrong */
} job;

static ty_status count_unit(const ty_unit *u, void *user)
{
    (void)u;
    ++*(int *)user;
    return TY_OK;
}

static void write_tmx(job *j, ty_error *e)
{
    char path[512];
    ty_tmx_writer *w = NULL;
    ty_unit u = {NULL, "会議は終わった。", "The meeting ended.", NULL, NULL, 0.9, "1:1", NULL, 0};

    snprintf(path, sizeof path, "%s/out-%d.tmx", dir, j->k);
    if (ty_tmx_writer_open(path, NULL, &w, e) != TY_OK || ty_tmx_writer_add(w, &u, e) != TY_OK ||
        ty_tmx_writer_close(w, e) != TY_OK)
        snprintf(j->what, sizeof j->what, "writing %s: %s", path, e->message);
}

static void read_tmx(job *j, ty_error *e)
{
    int n = 0;

    if (ty_tmx_read_memory(tmx_bytes, sizeof tmx_bytes - 1, "mem.tmx", NULL, count_unit, &n,
                           NULL, e) != TY_OK)
        snprintf(j->what, sizeof j->what, "reading a TMX: %s", e->message);
    else if (n != 1)
        snprintf(j->what, sizeof j->what, "reading a TMX: %d units, not 1", n);
}

static void read_doc(job *j, const char *name, ty_error *e)
{
    char path[512];
    ty_doc *d = NULL;

    snprintf(path, sizeof path, "%s/tests/formats/data/%s", srcdir, name);
    if (ty_document_read(path, TY_LANG_JA, NULL, &d, e) != TY_OK)
        snprintf(j->what, sizeof j->what, "reading %s: %s", name, e->message);
    else if (ty_doc_count(d) == 0)
        snprintf(j->what, sizeof j->what, "reading %s: no segments", name);
    ty_doc_free(d);
}

static void *run(void *arg)
{
    job *j = arg;
    ty_error e;

    ty_error_clear(&e);
    pthread_barrier_wait(&start);
    switch (j->k / 2) {
    case 0: write_tmx(j, &e); break;
    case 1: read_tmx(j, &e); break;
    case 2: read_doc(j, "tiny.ja.docx", &e); break;
    default: read_doc(j, "tiny.ja.xml", &e); break;
    }
    return NULL;
}

/* One process's run: every thread's result; 0 when all are right. */
static int child(void)
{
    pthread_t t[THREADS];
    job jobs[THREADS];
    int bad = 0;

    alarm(120); /* the raced set-up can also deadlock (two threads on libxml2's two locks) */
    pthread_barrier_init(&start, NULL, THREADS);
    for (int k = 0; k < THREADS; k++) {
        memset(&jobs[k], 0, sizeof jobs[k]);
        jobs[k].k = k;
        if (pthread_create(&t[k], NULL, run, &jobs[k]) != 0) {
            fprintf(stderr, "cannot start thread %d\n", k);
            return 3; /* exit ends the threads waiting at the barrier */
        }
    }
    for (int k = 0; k < THREADS; k++) {
        pthread_join(t[k], NULL);
        if (jobs[k].what[0]) {
            printf("thread %d: %s\n", k, jobs[k].what);
            bad = 1;
        }
    }
    return bad;
}

int main(int argc, char **argv)
{
    char tmpl[] = "/tmp/taiyaku-xml-threads.XXXXXX";
    int clean = 0;

    if (!(srcdir = getenv("top_srcdir")))
        srcdir = ".";
    if (argc == 3 && !strcmp(argv[1], "child")) {
        dir = argv[2];
        return child();
    }
    if (!(dir = mkdtemp(tmpl))) {
        ty_ok(0, "a temporary folder");
        return ty_done();
    }
    for (int r = 0; r < RUNS; r++) {
        int status = -1;
        pid_t pid = fork();
        if (pid == 0) {
            execl("/proc/self/exe", argv[0], "child", dir, (char *)NULL);
            _exit(127);
        }
        if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
            WEXITSTATUS(status) == 0)
            clean++;
        else
            printf("# process %d: %s %d\n", r + 1,
                   pid > 0 && WIFEXITED(status) ? "exit status" : "signal or no process",
                   pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status)
                   : pid > 0                    ? WTERMSIG(status)
                                                : -1);
    }
    ty_is_int(clean, RUNS,
              "libxml2 first used on %d threads at once (TMX written and read, .docx and law "
              "XML read): every one of %d processes gets every result and exits 0",
              THREADS, RUNS);
    for (int k = 0; k < 2; k++) {
        char path[512];
        int n = 0;
        ty_error e;
        snprintf(path, sizeof path, "%s/out-%d.tmx", dir, k);
        ty_error_clear(&e);
        ty_ok(ty_tmx_read(path, NULL, count_unit, &n, NULL, &e) == TY_OK && n == 1,
              "the TMX thread %d wrote reads back with its one unit", k);
        unlink(path);
    }
    rmdir(dir);
    return ty_done();
}
