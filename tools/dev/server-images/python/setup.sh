#!/bin/sh
# Runs inside the image's root file system (chroot, no network) after the packages.
set -eu
useradd --system --uid 10001 --user-group --home-dir /app --no-create-home --shell /usr/sbin/nologin app
mkdir -p /app
