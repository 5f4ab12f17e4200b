#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server (Debian's package) on 127.0.0.1 and prints its URL.
# Usage: source <(bash .ci/postgres.sh) — or: export TEST_DATABASE_URL=$(bash .ci/postgres.sh | tail -1)
# PG_DIR_FILE: where to write the server's folder, for `bash .ci/postgres.sh stop <folder>` afterwards.
set -euo pipefail
run() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
if [ "${1:-}" = stop ]; then
  # Stops the server in folder $2 and removes the folder: each CI run's is ~150 MB.
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  run "'$bin/pg_ctl' -D '$2/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$2"
  exit 0
fi
PORT=${PGPORT_TEST:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "installing postgresql" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
dir=$(mktemp -d -t clienteling-pg.XXXXXX)
chown postgres "$dir"
if [ -n "${PG_DIR_FILE:-}" ]; then echo "$dir" > "$PG_DIR_FILE"; fi
run "'$bin/initdb' -D '$dir/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >&2
run "'$bin/pg_ctl' -D '$dir/data' -l '$dir/log' -w -o \"-p $PORT -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off\" start" >&2
run "'$bin/createdb' -h 127.0.0.1 -p $PORT -U postgres clienteling_test" >&2
echo "postgres://postgres@127.0.0.1:$PORT/clienteling_test"
