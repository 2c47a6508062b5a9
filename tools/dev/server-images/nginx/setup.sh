#!/bin/sh
# Runs inside the image's root file system (chroot, no network) after the packages.
set -eu
useradd --system --uid 10001 --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin app
# A default that works unprivileged on a read-only root: port 8080, pid and temp files in /tmp.
install -m 0644 /recipe/nginx.conf /etc/nginx/nginx.conf
rm -f /etc/nginx/sites-enabled/default
