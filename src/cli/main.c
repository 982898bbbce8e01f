/* main.c — the taiyaku program: everything is in ty_cli_main so tests can run it in-process. */
#include "cli.h"
#include "taiyaku.h"

int main(int argc, char **argv)
{
    /* The program is SQLite's only user in its process: the threads of a large import then
     * need not share SQLite's allocation-statistics lock (doc/performance.md). */
    ty_tm_configure_process();
    return ty_cli_main(argc, argv, stdout, stderr);
}
