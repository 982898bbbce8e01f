/*
 * pair_dirs.c — ty_pair_dirs: pair the documents of two folders. It walks both folders
 * (walk.c), reads and segments every file and extracts its pairing evidence on `jobs` threads
 * (each with its own segmenters and extractor; the lexicon is shared, read-only), then pairs
 * them (ty_pair_docs). A file that cannot be read, or has no text, is reported through the
 * warn callback and left out; a file in the other language's folder is reported and paired as
 * the language it is written in. Warnings come in the order of the files, from the calling
 * thread. The pairing itself is src/pair/'s.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "batch.h"

void ty_pair_dirs_opts_init(ty_pair_dirs_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    ty_pair_opts_init(&opts->pair);
    ty_decode_opts_init(&opts->decode);
}

typedef struct item {
    int folder;        /* TY_LANG_JA / TY_LANG_EN: the folder it is in */
    const char *rel;   /* relative to the folder */
    char *path;
    ty_pair_doc *doc;  /* NULL when it could not be read */
    ty_lang lang;      /* the language it is written in */
    ty_error warning;  /* when doc is NULL, or its language is not its folder's */
    int warned;
} item;

typedef struct shared {
    const ty_pair_dirs_opts *o;
    item *items;
    size_t n;
    size_t next;             /* the next item to read */
    pthread_mutex_t mu;
    ty_status failed;        /* out of memory, ICU: the whole pairing fails */
    ty_error err;
} shared;

static void read_item(shared *s, ty__reader *r, ty_pair_extractor *x, item *it)
{
    ty_doc *doc = NULL;
    ty_status st;

    if ((st = ty__read_doc(r, it->path, (ty_lang)it->folder, &s->o->decode, &doc,
                           &it->warning)) != TY_OK) {
        it->warned = 1;
        if (st == TY_ERR_NOMEM)
            goto fatal;
        return;
    }
    if (ty__doc_lang(doc, it->path, &it->lang, &it->warning) != 0) {
        it->warned = 1;
        goto done;
    }
    if (it->lang != (ty_lang)it->folder) { /* read again, segmented in its own language */
        it->warned = 1;
        ty__fail(&it->warning, TY_ERR_FORMAT, it->path, -1, -1,
                 "in the %s folder but written in %s: paired as %s",
                 it->folder == TY_LANG_JA ? "Japanese" : "English",
                 it->lang == TY_LANG_JA ? "Japanese" : "English",
                 it->lang == TY_LANG_JA ? "Japanese" : "English");
        ty_doc_free(doc);
        doc = NULL;
        if ((st = ty__read_doc(r, it->path, it->lang, &s->o->decode, &doc, &it->warning)) !=
            TY_OK) {
            if (st == TY_ERR_NOMEM)
                goto fatal;
            return;
        }
    }
    if ((st = ty_pair_doc_new(x, doc, it->rel, &it->doc, &it->warning)) != TY_OK) {
        it->warned = 1;
        if (st == TY_ERR_NOMEM || st == TY_ERR_ICU)
            goto fatal;
    }
    goto done;
fatal:
    pthread_mutex_lock(&s->mu);
    if (s->failed == TY_OK) {
        s->failed = st;
        s->err = it->warning;
    }
    pthread_mutex_unlock(&s->mu);
done:
    ty_doc_free(doc);
}

static void *reader_run(void *arg)
{
    shared *s = arg;
    ty__reader r;
    ty_pair_extractor *x = NULL;
    ty_error e;
    ty_status st;

    if ((st = ty__reader_init(&r, &e)) != TY_OK ||
        (st = ty_pair_extractor_new(s->o->lexicon, &x, &e)) != TY_OK) {
        pthread_mutex_lock(&s->mu);
        if (s->failed == TY_OK) {
            s->failed = st;
            s->err = e;
        }
        s->next = s->n;
        pthread_mutex_unlock(&s->mu);
        ty__reader_done(&r);
        return NULL;
    }
    for (;;) {
        size_t i;
        pthread_mutex_lock(&s->mu);
        i = s->failed == TY_OK && s->next < s->n ? s->next++ : s->n;
        pthread_mutex_unlock(&s->mu);
        if (i >= s->n)
            break;
        read_item(s, &r, x, &s->items[i]);
    }
    ty_pair_extractor_free(x);
    ty__reader_done(&r);
    return NULL;
}

static char *join(const char *dir, const char *rel)
{
    size_t n = strlen(dir);
    char *p = malloc(n + strlen(rel) + 2);
    if (p)
        sprintf(p, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", rel);
    return p;
}

ty_status ty_pair_dirs(const char *ja_dir, const char *en_dir, const ty_pair_dirs_opts *opts,
                       ty_path_pairs **out, ty_error *err)
{
    ty_pair_dirs_opts o;
    ty__files files[2] = {{NULL, 0, 0}, {NULL, 0, 0}};
    shared s;
    pthread_t *threads = NULL;
    size_t started = 0, jobs, nd[2] = {0, 0};
    const ty_pair_doc **docs[2] = {NULL, NULL};
    item **owner[2] = {NULL, NULL};
    ty_pairing *pairing = NULL;
    ty_path_pairs *p = NULL;
    ty_status st;

    *out = NULL;
    if (opts)
        o = *opts;
    else
        ty_pair_dirs_opts_init(&o);
    memset(&s, 0, sizeof s);
    s.o = &o;
    if ((st = ty__walk(ja_dir, &files[0], err)) != TY_OK ||
        (st = ty__walk(en_dir, &files[1], err)) != TY_OK)
        goto done;
    s.n = files[0].n + files[1].n;
    if (!(s.items = calloc(s.n + 1, sizeof *s.items)))
        goto nomem;
    for (size_t i = 0; i < s.n; i++) {
        item *it = &s.items[i];
        int l = i < files[0].n ? 0 : 1;
        it->folder = l;
        it->rel = files[l].v[l ? i - files[0].n : i];
        if (!(it->path = join(l ? en_dir : ja_dir, it->rel)))
            goto nomem;
    }
    if (pthread_mutex_init(&s.mu, NULL) != 0)
        goto nomem;
    jobs = o.pair.jobs ? o.pair.jobs : 1;
    if (!(threads = calloc(jobs, sizeof *threads))) {
        pthread_mutex_destroy(&s.mu);
        goto nomem;
    }
    for (size_t j = 1; j < jobs; j++)
        if (pthread_create(&threads[started], NULL, reader_run, &s) == 0)
            started++;
    reader_run(&s);
    for (size_t j = 0; j < started; j++)
        pthread_join(threads[j], NULL);
    pthread_mutex_destroy(&s.mu);
    if (s.failed != TY_OK) {
        st = s.failed;
        if (err)
            *err = s.err;
        goto done;
    }
    for (size_t i = 0; i < s.n; i++)
        if (s.items[i].warned && o.warn)
            o.warn(&s.items[i].warning, o.userdata);
    for (int l = 0; l < 2; l++)
        if (!(docs[l] = malloc((s.n + 1) * sizeof *docs[l])) ||
            !(owner[l] = malloc((s.n + 1) * sizeof *owner[l])))
            goto nomem;
    for (size_t i = 0; i < s.n; i++) {
        item *it = &s.items[i];
        if (!it->doc)
            continue;
        docs[it->lang][nd[it->lang]] = it->doc;
        owner[it->lang][nd[it->lang]++] = it;
    }
    if ((st = ty_pair_docs(docs[0], nd[0], docs[1], nd[1], &o.pair, &pairing, err)) != TY_OK)
        goto done;
    if ((st = ty_path_pairs_new(&p, err)) != TY_OK)
        goto done;
    for (size_t i = 0; i < ty_pairing_count(pairing); i++) {
        const ty_doc_pair *dp = ty_pairing_get(pairing, i);
        const item *a = dp->ja >= 0 ? owner[0][dp->ja] : NULL;
        const item *b = dp->en >= 0 ? owner[1][dp->en] : NULL;
        if (ty__path_pairs_add(p, a ? a->path : NULL, b ? b->path : NULL, a ? a->rel : NULL,
                               b ? b->rel : NULL, dp->score) != 0)
            goto nomem;
    }
    *out = p;
    p = NULL;
    goto done;
nomem:
    st = ty__nomem(err);
done:
    ty_path_pairs_free(p);
    ty_pairing_free(pairing);
    for (int l = 0; l < 2; l++) {
        free(docs[l]);
        free(owner[l]);
    }
    for (size_t i = 0; i < s.n; i++) {
        free(s.items[i].path);
        ty_pair_doc_free(s.items[i].doc);
    }
    free(s.items);
    free(threads);
    ty__files_free(&files[0]);
    ty__files_free(&files[1]);
    return st;
}
