#!/bin/sh
# First start on an empty $PGDATA: create the cluster, with the superuser password read
# from POSTGRES_PASSWORD_FILE (never from the environment), then run the given command.
# Same variables as the official postgres image: POSTGRES_USER, POSTGRES_DB, PGDATA.
set -eu
: "${PGDATA:?PGDATA must name the data folder}"
user="${POSTGRES_USER:-postgres}"
db="${POSTGRES_DB:-$user}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD_FILE:?set POSTGRES_PASSWORD_FILE to a file that holds the superuser password}"
  initdb --username="$user" --pwfile="$POSTGRES_PASSWORD_FILE" --auth=scram-sha-256 \
    --encoding=UTF8 --locale=C -D "$PGDATA" >/dev/null
  printf "listen_addresses = '*'\nunix_socket_directories = '/var/run/postgresql'\n" >>"$PGDATA/postgresql.conf"
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    printf 'CREATE DATABASE "%s";\n' "$db" | postgres --single -D "$PGDATA" postgres >/dev/null
  fi
  echo "docker-iac-postgres: created cluster in $PGDATA (superuser $user, database $db)"
fi
exec "$@"
