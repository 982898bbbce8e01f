/* main.c — the taiyaku program: everything is in ty_cli_main so tests can run it in-process. */
#include <sqlite3.h>

#include "cli.h"

int main(int argc, char **argv)
{
    /* The program is the only user of SQLite in its process, so it may configure it before
     * first use: no allocation statistics, whose one global mutex the two threads of a large
     * import (tm/bulk_index.c) would otherwise take on every allocation (on 1,000,000 units: 60 s
     * with them, 49 s without). */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return ty_cli_main(argc, argv, stdout, stderr);
}
