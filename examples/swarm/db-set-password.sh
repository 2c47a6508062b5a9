#!/bin/sh
# The DB task's first step on Swarm, then the image's own entrypoint ("$@").
# A rotated Swarm secret is a new file in a new task, but PostgreSQL reads
# POSTGRES_PASSWORD_FILE only when it creates the cluster (initdb). So on every start with an
# existing cluster, set the role's password to the file's content first, in single-user mode:
# no server, no network, no old password needed, only the data folder this task owns.
set -eu
: "${PGDATA:?PGDATA must name the data folder}"
: "${POSTGRES_PASSWORD_FILE:?POSTGRES_PASSWORD_FILE must name the password file}"
role="${POSTGRES_USER:-postgres}"
if [ -s "$PGDATA/PG_VERSION" ]; then
  # One line, quotes doubled for the SQL literal; the statement is not logged.
  password="$(head -n 1 "$POSTGRES_PASSWORD_FILE" | sed "s/'/''/g")"
  printf "ALTER ROLE \"%s\" PASSWORD '%s';\n" "$role" "$password" |
    postgres --single -D "$PGDATA" -c shared_buffers=16MB -c log_statement=none postgres >/dev/null
  echo "db-set-password: role $role has the password of $POSTGRES_PASSWORD_FILE"
fi
exec "$@"
