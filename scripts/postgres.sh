#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, on 127.0.0.1 only.
#
#   scripts/postgres.sh start DIR PORT   creates the cluster in DIR if needed, starts it, prints its URL
#   scripts/postgres.sh stop DIR         stops it
#   scripts/postgres.sh restart DIR      restarts it (fault tests)
#
# As root, the cluster runs as the `postgres` user (initdb refuses root); otherwise as you.
set -euo pipefail
command=${1:?start|stop|restart}
DIR=${2:?data directory}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$BIN/pg_ctl" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

if [ "$(id -u)" = 0 ]; then
    OWNER=postgres
    as_owner() { runuser -u postgres -- "$@"; }
else
    OWNER=$(id -un)
    as_owner() { "$@"; }
fi

case "$command" in
start)
    PORT=${3:?port}
    if [ ! -f "$DIR/PG_VERSION" ]; then
        mkdir -p "$DIR"
        [ "$(id -u)" = 0 ] && chown "$OWNER" "$DIR"
        chmod 700 "$DIR"
        as_owner "$BIN/initdb" -D "$DIR" --auth=trust --username="$OWNER" --encoding=UTF8 --locale=C > "$DIR.initdb.log" 2>&1 \
            || { cat "$DIR.initdb.log" >&2; exit 1; }
    fi
    as_owner "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DIR -c max_connections=400 -c shared_buffers=512MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start > /dev/null
    as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U "$OWNER" -d postgres -qtAc \
        "SELECT 1 FROM pg_database WHERE datname = 'glaas_test'" | grep -q 1 \
        || as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$OWNER" glaas_test
    echo "postgres://$OWNER@127.0.0.1:$PORT/glaas_test"
    ;;
stop)
    as_owner "$BIN/pg_ctl" -D "$DIR" -m fast -w stop > /dev/null 2>&1 || true
    ;;
restart)
    as_owner "$BIN/pg_ctl" -D "$DIR" -m fast -w -t 60 restart > /dev/null
    ;;
*)
    echo "usage: $0 start DIR PORT | stop DIR | restart DIR" >&2
    exit 2
    ;;
esac
