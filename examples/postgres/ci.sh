#!/usr/bin/env bash
# CI for the nested module examples/postgres: starts a throwaway PostgreSQL
# server on 127.0.0.1 (installing Debian's postgresql package when no server
# binaries are found), points SECONDSALE_PG_DSN at it, runs go vet,
# staticcheck and the race-enabled tests of this module, and stops the
# server and deletes its data however the run ends.
#
# Usage: examples/postgres/ci.sh   (from anywhere; as root or not)
set -euo pipefail

cd "$(dirname "$0")"

log() { printf 'ci.sh: %s\n' "$*" >&2; }

# pg_bindir prints the directory holding initdb, pg_ctl and postgres: the
# one on PATH, else the newest of Debian's /usr/lib/postgresql/*/bin.
pg_bindir() {
	if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		dirname "$(command -v pg_ctl)"
		return 0
	fi
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
	if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
		echo "$d"
		return 0
	fi
	return 1
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! BIN=$(pg_bindir); then
	log "no PostgreSQL server found: installing Debian's postgresql package"
	as_root apt-get update
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
	BIN=$(pg_bindir) || { log "postgresql was installed but initdb/pg_ctl were not found"; exit 1; }
fi
log "PostgreSQL binaries: $BIN ($("$BIN/pg_ctl" --version))"

# The server refuses to run as root: run it as the package's postgres user
# (or nobody) when this script runs as root.
RUN=()
if [ "$(id -u)" -eq 0 ]; then
	PGUSER_OS=postgres
	id "$PGUSER_OS" >/dev/null 2>&1 || PGUSER_OS=nobody
	RUN=(runuser -u "$PGUSER_OS" --)
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/secondsale-pg.XXXXXX")
chmod 755 "$TMP"
[ "$(id -u)" -eq 0 ] && chown "$PGUSER_OS" "$TMP"
DATA="$TMP/data"

cleanup() {
	local rc=$?
	if [ -f "$DATA/postmaster.pid" ]; then
		"${RUN[@]}" "$BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$TMP"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${RUN[@]}" "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --no-sync >"$TMP/initdb.log" 2>&1 ||
	{ cat "$TMP/initdb.log" >&2; exit 1; }

# port_free reports whether nothing listens on 127.0.0.1:$1.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Start on a free port; another process may take it between the check and
# the start, so try a few.
PORT=""
for try in 1 2 3 4 5; do
	p=$((20000 + (RANDOM % 20000)))
	port_free "$p" || continue
	# fsync and friends off: the data is thrown away after the run.
	if "${RUN[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$TMP/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $p -k $TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
		start >/dev/null; then
		PORT=$p
		break
	fi
	log "start on port $p failed (try $try):"
	tail -n 5 "$TMP/server.log" >&2 || true
done
[ -n "$PORT" ] || { log "could not start PostgreSQL"; exit 1; }
log "PostgreSQL listening on 127.0.0.1:$PORT"

export SECONDSALE_PG_DSN="postgres://postgres@127.0.0.1:$PORT/postgres?sslmode=disable"

go vet ./...
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
go test -race -count=1 ./...
