/*
 * sheet_write.c — ty_review_sheet_write: the beads of a memory's documents as an .xlsx
 * workbook (libxlsxwriter) with a "to review" and a "confident" sheet, Japanese in a Japanese
 * font, wide wrapped columns and a drop-down status column; written to a temporary file
 * beside the target and renamed when complete. It does not read sheets (sheet_read.c).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/error.h"
#include "sheet.h"
#include "xlsx_dl.h"

const char *const ty__sheet_heading[TY__COLS] = {"document", "document id", "bead",
                                                 "Japanese", "English",     "confidence",
                                                 "type",     "status"};

void ty_review_sheet_opts_init(ty_review_sheet_opts *opts)
{
    opts->document = NULL;
    opts->threshold = 0.9;
}

/* One worksheet being filled. */
typedef struct sheet {
    lxw_worksheet *ws;
    lxw_row_t row;
} sheet;

typedef struct writer {
    const ty_review_sheet_opts *o;
    ty_tm *tm;
    lxw_workbook *wb;
    lxw_format *head, *ja, *text, *num;
    sheet s[2]; /* to review, confident */
    size_t rows, documents;
    ty_error *err;
} writer;

static void sheet_setup(writer *w, sheet *s, const char *name)
{
    static const char *const choices[] = {TY__STATUS_OK, TY__STATUS_WRONG, NULL};
    static const double widths[TY__COLS] = {24, 8, 6, 60, 60, 10, 6, 10};
    lxw_data_validation dv;

    s->ws = workbook_add_worksheet(w->wb, name);
    s->row = 1;
    for (int c = 0; c < TY__COLS; c++) {
        lxw_format *f = c == TY__COL_JA ? w->ja : c == TY__COL_EN ? w->text : NULL;
        worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], f);
        worksheet_write_string(s->ws, 0, (lxw_col_t)c, ty__sheet_heading[c], w->head);
    }
    worksheet_freeze_panes(s->ws, 1, 0);
    memset(&dv, 0, sizeof dv);
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    dv.value_list = (char **)choices;
    worksheet_data_validation_range(s->ws, 1, TY__COL_STATUS, LXW_ROW_MAX - 1, TY__COL_STATUS,
                                    &dv);
}

static const char *status_text(ty_bead_status st)
{
    return st == TY_BEAD_REVIEWED ? TY__STATUS_OK : st == TY_BEAD_REJECTED ? TY__STATUS_WRONG
                                                                            : "";
}

/* The beads of one document, each to its sheet. */
static ty_status write_document(writer *w, long long id, ty_error *err)
{
    ty_tm_review *r = NULL;
    ty_status rc;

    if ((rc = ty_tm_review_open(w->tm, id, &r, err)) != TY_OK)
        return rc;
    for (size_t i = 0; i < ty_tm_review_beads(r); i++) {
        const ty_tm_bead *b = ty_tm_review_bead(r, i);
        int pair = b->ja_count && b->en_count;
        int doubtful = b->status == TY_BEAD_ALIGNED &&
                       (!pair || b->confidence < w->o->threshold);
        sheet *s = &w->s[doubtful ? 0 : 1];
        char *ja = ty_tm_review_text(r, i, TY_LANG_JA), *en = ty_tm_review_text(r, i, TY_LANG_EN);
        char type[48];
        if (!ja || !en || s->row >= LXW_ROW_MAX) {
            free(ja);
            free(en);
            ty_tm_review_free(r);
            return ja && en ? ty__fail(err, TY_ERR_TOOBIG, NULL, -1, -1,
                                       "more beads than a sheet has rows")
                            : ty__nomem(err);
        }
        snprintf(type, sizeof type, "%zu:%zu", b->ja_count, b->en_count);
        worksheet_write_string(s->ws, s->row, TY__COL_DOCUMENT, ty_tm_review_name(r), w->text);
        worksheet_write_number(s->ws, s->row, TY__COL_DOC_ID, (double)id, NULL);
        worksheet_write_number(s->ws, s->row, TY__COL_BEAD, (double)i, NULL);
        worksheet_write_string(s->ws, s->row, TY__COL_JA, ja, w->ja);
        worksheet_write_string(s->ws, s->row, TY__COL_EN, en, w->text);
        if (b->confidence >= 0)
            worksheet_write_number(s->ws, s->row, TY__COL_CONFIDENCE, b->confidence, w->num);
        worksheet_write_string(s->ws, s->row, TY__COL_TYPE, type, NULL);
        if (*status_text(b->status))
            worksheet_write_string(s->ws, s->row, TY__COL_STATUS, status_text(b->status), NULL);
        s->row++;
        w->rows++;
        free(ja);
        free(en);
    }
    ty_tm_review_free(r);
    return TY_OK;
}

typedef struct doc_list {
    const char *name;
    long long *ids;
    size_t n, cap;
} doc_list;

static ty_status take_document(const ty_tm_review_summary *s, void *ud)
{
    doc_list *d = ud;
    if (!s->structure || (d->name && strcmp(d->name, s->name) != 0))
        return TY_OK;
    if (d->n == d->cap) {
        long long *v = realloc(d->ids, (d->cap = d->cap ? 2 * d->cap : 16) * sizeof *v);
        if (!v)
            return TY_ERR_NOMEM;
        d->ids = v;
    }
    d->ids[d->n++] = s->document;
    return TY_OK;
}

ty_status ty_review_sheet_write(ty_tm *tm, const char *path, const ty_review_sheet_opts *opts,
                                size_t *rows, ty_error *err)
{
    ty_review_sheet_opts o;
    doc_list docs = {NULL, NULL, 0, 0};
    writer w;
    char *tmp = NULL;
    const char *slash;
    ty_status rc;
    lxw_error le;
    int fd;

    if (rows)
        *rows = 0;
    if ((rc = ty__xlsx_load(path, err)) != TY_OK)
        return rc;
    if (opts)
        o = *opts;
    else
        ty_review_sheet_opts_init(&o);
    memset(&w, 0, sizeof w);
    w.o = &o;
    w.tm = tm;
    docs.name = o.document;
    if ((rc = ty_tm_review_summaries(tm, o.threshold, take_document, &docs, err)) != TY_OK) {
        free(docs.ids);
        return rc == TY_ERR_NOMEM ? ty__nomem(err) : rc;
    }
    if (o.document && docs.n == 0) {
        free(docs.ids);
        return ty__fail(err, TY_ERR_NOTFOUND, NULL, -1, -1,
                        "no document named '%s' with sentence structure", o.document);
    }
    /* a temporary name beside the target, renamed over it once the workbook is complete */
    slash = strrchr(path, '/');
    if (!(tmp = malloc(2 * strlen(path) + 64))) {
        free(docs.ids);
        return ty__nomem(err);
    }
    for (unsigned k = 0;; k++) {
        sprintf(tmp, "%.*s.%s.taiyaku-%ld-%u.tmp", slash ? (int)(slash - path + 1) : 0, path,
                slash ? slash + 1 : path, (long)getpid(), k);
        if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) >= 0 ||
            errno != EEXIST || k > 100)
            break;
    }
    if (fd < 0) {
        rc = ty__fail(err, TY_ERR_IO, path, -1, -1, "cannot make a temporary file beside it: %s",
                      strerror(errno));
        free(tmp);
        free(docs.ids);
        return rc;
    }
    close(fd);
    if (!(w.wb = workbook_new(tmp))) {
        rc = ty__fail(err, TY_ERR_IO, path, -1, -1, "cannot start the workbook");
        goto fail;
    }
    w.head = workbook_add_format(w.wb);
    format_set_bold(w.head);
    w.text = workbook_add_format(w.wb);
    format_set_text_wrap(w.text);
    format_set_align(w.text, LXW_ALIGN_VERTICAL_TOP);
    w.ja = workbook_add_format(w.wb);
    format_set_text_wrap(w.ja);
    format_set_align(w.ja, LXW_ALIGN_VERTICAL_TOP);
    format_set_font_name(w.ja, "Yu Gothic");
    format_set_font_charset(w.ja, 128); /* SHIFTJIS_CHARSET: a Japanese font */
    w.num = workbook_add_format(w.wb);
    format_set_num_format(w.num, "0.00");
    sheet_setup(&w, &w.s[0], TY__SHEET_REVIEW);
    sheet_setup(&w, &w.s[1], TY__SHEET_CONFIDENT);
    for (size_t i = 0; i < docs.n; i++)
        if ((rc = write_document(&w, docs.ids[i], err)) != TY_OK)
            goto fail;
    le = workbook_close(w.wb);
    w.wb = NULL;
    if (le != LXW_NO_ERROR) {
        rc = ty__fail(err, TY_ERR_IO, path, -1, -1, "writing the workbook: %s",
                      lxw_strerror(le));
        goto fail;
    }
    if (rename(tmp, path) != 0) {
        rc = ty__fail(err, TY_ERR_IO, path, -1, -1, "cannot put the workbook in place");
        goto fail;
    }
    if (rows)
        *rows = w.rows;
    free(tmp);
    free(docs.ids);
    return TY_OK;
fail:
    if (w.wb) {
        /* libxlsxwriter has no way to drop a workbook but closing it */
        workbook_close(w.wb);
    }
    unlink(tmp);
    free(tmp);
    free(docs.ids);
    return rc;
}
