#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on 127.0.0.1 (or at DATABASE_URL / REDIS_URL),
# starting (and if needed installing) the local servers when they are down.
set -euo pipefail

db_url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/monthwise}
redis_url=${REDIS_URL:-redis://127.0.0.1:6379/0}

pg_up() { command -v pg_isready >/dev/null && pg_isready -q -d "$db_url"; }
redis_up() { redis-cli -u "$redis_url" ping 2>/dev/null | grep -q PONG; }

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing $* with apt-get"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "Please install: $*" >&2; return 1
  fi
}

if ! pg_up; then
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  echo "Starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
fi
if ! redis_up; then
  command -v redis-server >/dev/null || apt_install redis-server
  echo "Starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 30); do redis_up && break; sleep 0.2; done
fi
pg_isready -q -h 127.0.0.1 -p 5432 || pg_isready -q -d "$db_url" || { echo "PostgreSQL is not reachable" >&2; exit 1; }
redis_up || { echo "Redis is not reachable at $redis_url" >&2; exit 1; }

# The database itself (tests make their own test_<name>, but migrations checks and `make dev`
# connect to <name>).
db_name=${db_url##*/}
db_name=${db_name%%\?*}
server_url=${db_url%/*}/postgres
if ! psql -d "$server_url" -Atc "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
  echo "Creating database $db_name"
  psql -d "$server_url" -qc "CREATE DATABASE \"$db_name\""
fi
