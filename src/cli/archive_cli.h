/*
 * archive_cli.h — private to the taiyaku program: what `pair` and `batch` share: the --jobs
 * option (default: the number of cores), the pairing options, and the one-line warning for a
 * file of an archive. Uses only taiyaku.h and the frame.
 */
#ifndef TY_ARCHIVE_CLI_H
#define TY_ARCHIVE_CLI_H

#include "frame.h"

enum { TY_CLI_JOBS = 'j', TY_CLI_NO_NAMES = 0x1400, TY_CLI_MIN_SCORE, TY_CLI_MARGIN };

#define TY_CLI_JOBS_OPTION                                                                      \
    {"jobs", TY_CLI_JOBS, "N", "threads that read and align (default: the number of cores)"}
#define TY_CLI_PAIRING_OPTIONS                                                                  \
    {"no-names", TY_CLI_NO_NAMES, NULL,                                                         \
     "do not use the file names (their numbers, dates and words) as evidence"},                 \
        {"min-score", TY_CLI_MIN_SCORE, "X",                                                    \
         "leave documents unpaired when their best pair scores below X (0 to 1, default "       \
         "0.1)"},                                                                               \
        {"margin", TY_CLI_MARGIN, "X",                                                          \
         "keep a pair only when the best pairing without it scores X less (default 0.02)"}

/* The number of cores (at least 1). */
size_t ty_cli_cores(void);

/* Take the current option when it is --jobs or a pairing option: 1 taken, 0 not ours,
 * TY_EXIT_USAGE after a message for a bad value. */
int ty_cli_archive_option(ty_cli *c, int key, size_t *jobs, ty_pair_opts *pair);

/* A ty_pair_dirs_opts.warn callback; userdata is the ty_cli. "taiyaku: FILE: warning: …". */
void ty_cli_archive_warn(const ty_error *w, void *userdata);

#endif
