#!/bin/sh
# Runs inside the image's root file system (chroot, no network) after the packages.
set -eu
# The server user gets the library's default uid, so containers run it without `user`.
old="$(id -u postgres)"
groupmod -g 10001 postgres
usermod -u 10001 -g 10001 postgres
find / -xdev -uid "$old" -exec chown -h 10001:10001 {} +
# The package's example cluster has a random system identifier; each container's volume gets its own.
rm -rf /etc/postgresql/15/main /var/lib/postgresql/15
mkdir -p /var/lib/postgresql/data /var/run/postgresql
chown 10001:10001 /var/lib/postgresql /var/lib/postgresql/data /var/run/postgresql
chmod 0700 /var/lib/postgresql/data
install -m 0755 /recipe/entrypoint.sh /usr/local/bin/docker-iac-postgres
# The socket folder is a tmpfs in the container, which takes this folder's mode: any uid may use it.
chmod 3777 /var/run/postgresql
# Trimmed: JIT compilation (LLVM and z3, ~130 MB; PostgreSQL skips JIT when its provider is
# missing) and the locale sources (the cluster uses the C locale).
rm -rf /usr/lib/postgresql/15/lib/llvmjit* /usr/lib/postgresql/15/lib/bitcode /usr/share/i18n
rm -f /usr/lib/x86_64-linux-gnu/libLLVM-14.so* /usr/lib/x86_64-linux-gnu/libz3.so*
