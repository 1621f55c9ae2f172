#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite, the way CI runs one.
#
#   url=$(test/support/postgres.sh start)     # initdb in a temp dir, start on 127.0.0.1 and a free port
#   TEST_DATABASE_URL=$url npm test
#   test/support/postgres.sh stop "$url"       # stop it and delete its data directory
#   test/support/postgres.sh installed         # exit 0 when initdb and pg_ctl can be found
#   test/support/postgres.sh test [args]       # start, run every test on it (npm run test:postgres), stop
#
# `start` prints only the URL on stdout (progress goes to stderr) and exits non-zero when the
# server did not start, so `set -e` callers fail instead of silently testing SQLite. PostgreSQL
# refuses to run as root, so as root the server runs as the `postgres` user. The cluster trades
# durability for speed (fsync off): it holds test data only.
set -euo pipefail

bin_dir() {
  if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return
  fi
  # Debian's packages keep the server binaries off PATH, one directory per major version.
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [[ -z "$newest" || ! -x "$newest/pg_ctl" || ! -x "$newest/initdb" ]]; then
    echo "postgres.sh: pg_ctl and initdb not found (apt-get install -y postgresql)" >&2
    return 1
  fi
  echo "$newest"
}

# Runs a server binary as the cluster's owner: ourselves, or `postgres` when we are root.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

data_dir_of() { echo "${TMPDIR:-/tmp}/access-bot-pg-$1"; }

free_port() {
  node -e "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start() {
  local bin port dir password
  bin=$(bin_dir)
  port=$(free_port)
  dir=$(data_dir_of "$port")
  rm -rf "$dir"
  mkdir -p "$dir"
  password=$(node -e "console.log(require('node:crypto').randomBytes(12).toString('hex'))")
  printf '%s\n' "$password" >"$dir.pw"
  if [[ $(id -u) -eq 0 ]]; then chown postgres "$dir" "$dir.pw"; fi
  as_owner "$bin/initdb" --pgdata="$dir/data" --username=postgres --pwfile="$dir.pw" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; rm -rf "$dir" "$dir.pw"; exit 1; }
  rm -f "$dir.pw"
  as_owner "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --timeout=30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off \
        -c full_page_writes=off -c max_connections=300" start >&2 ||
    { cat "$dir/server.log" >&2; rm -rf "$dir"; exit 1; }
  echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir" >&2
  echo "postgres://postgres:$password@127.0.0.1:$port/postgres"
}

stop() {
  local url=${1:?usage: postgres.sh stop <url printed by start>}
  local port dir
  port=$(node -e "console.log(new URL(process.argv[1]).port)" "$url")
  dir=$(data_dir_of "$port")
  [[ -d "$dir/data" ]] || { echo "postgres.sh: no cluster in $dir" >&2; exit 1; }
  as_owner "$(bin_dir)/pg_ctl" --pgdata="$dir/data" --mode=immediate stop >&2 || true
  rm -rf "$dir"
}

# The whole suite, then the PostgreSQL-only tests, on a fresh cluster. `--project postgres` on its
# own fails when that project is missing (it exists only with TEST_DATABASE_URL) or has no test
# files, so those tests can never be skipped silently.
run_tests() {
  local url
  url=$(start)
  trap "stop '$url'" EXIT
  TEST_DATABASE_URL="$url" npx vitest run --project suite "$@"
  TEST_DATABASE_URL="$url" npx vitest run --project postgres "$@"
}

case "${1:-}" in
  installed) bin_dir >/dev/null 2>&1 ;;
  start) start ;;
  stop) stop "${2:-}" ;;
  test) shift; run_tests "$@" ;;
  *) echo "usage: $0 start | stop <url> | installed | test [vitest args]" >&2; exit 2 ;;
esac
