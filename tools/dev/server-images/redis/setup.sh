#!/bin/sh
# Runs inside the image's root file system (chroot, no network) after the packages.
set -eu
old="$(id -u redis)"
groupmod -g 10001 redis
usermod -u 10001 -g 10001 redis
find / -xdev -uid "$old" -exec chown -h 10001:10001 {} +
mkdir -p /data
chown 10001:10001 /data
