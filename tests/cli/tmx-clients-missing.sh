#!/bin/sh
# tmx-clients-missing.sh — tmx-clients.sh on a machine without the TMX clients (TY_TEST_MISSING
# makes tests/setup's t_need count them as missing): each missing client is a SKIP that names
# the Debian package to install and the test passes; with TY_REQUIRE_CLIENTS=1 (./bootstrap
# check) each is a failure instead and the test fails.
. "$top_srcdir/tests/setup"

clients="xmllint unzip omegat java translate-toolkit perl-xml-tmx"
packages="libxml2-utils unzip omegat default-jre-headless python3-translate libxml-tmx-perl"
without_clients() { # REQUIRE: tmx-clients.sh with every client missing
    env TY_TEST_MISSING="$clients" TY_REQUIRE_CLIENTS="$1" sh "$top_srcdir/tests/cli/tmx-clients.sh"
}

t_run "without its clients, tmx-clients.sh passes" 0 without_clients 0
mv "$tmp/out" "$tmp/skip"
for p in $packages; do
    t_grep "  with a SKIP that says: apt-get install $p" \
        "^ok [0-9]+ - [a-z0-9-]+ # SKIP not installed \\(apt-get install $p\\)" "$tmp/skip"
done
t_ok "  and no failure" sh -c "! grep -q '^not ok' '$tmp/skip'"

t_run "with TY_REQUIRE_CLIENTS=1 it fails" 1 without_clients 1
mv "$tmp/out" "$tmp/fail"
for p in $packages; do
    t_grep "  naming $p" "^not ok [0-9]+ - [a-z0-9-]+ is missing \\(apt-get install $p\\)" "$tmp/fail"
done
t_ok "  and skips no client" sh -c "! grep -q 'SKIP not installed' '$tmp/fail'"
t_done
