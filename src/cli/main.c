/* main.c — the taiyaku program: everything is in ty_cli_main so tests can run it in-process. */
#include "cli.h"

int main(int argc, char **argv)
{
    return ty_cli_main(argc, argv, stdout, stderr);
}
