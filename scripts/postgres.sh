#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, on 127.0.0.1 only.
#
#   scripts/postgres.sh start DIR PORT   creates the cluster in DIR if needed, starts it, prints its URL
#   scripts/postgres.sh stop DIR         stops it
#   scripts/postgres.sh restart DIR      restarts it (fault tests)
#
# The cluster accepts TLS as well as plain connections: DIR/tls holds a throwaway certificate
# authority (ca.crt) that signed the server's certificate (for the name localhost only, not for
# 127.0.0.1, so verify-full and verify-ca can be told apart), and a second authority that signed
# nothing (untrusted-ca.crt). The tests read GLAAS_TEST_POSTGRES_CA=DIR/tls/ca.crt.
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

# A certificate authority and a server certificate for localhost, made once per cluster.
make_certificates() {
    local tls=$DIR/tls
    [ -f "$tls/server.crt" ] && return 0
    as_owner mkdir -p "$tls"
    (
        cd "$tls"
        key=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
        as_owner openssl req -x509 "${key[@]}" -days 3650 -subj "/CN=glaas test CA" -keyout ca.key -out ca.crt
        as_owner openssl req -x509 "${key[@]}" -days 3650 -subj "/CN=glaas untrusted CA" -keyout untrusted-ca.key -out untrusted-ca.crt
        as_owner openssl req "${key[@]}" -subj "/CN=localhost" -keyout server.key -out server.csr
        printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n' \
            | as_owner tee server.ext > /dev/null
        as_owner openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile server.ext -out server.crt
        as_owner chmod 600 server.key ca.key untrusted-ca.key
        as_owner chmod 644 ca.crt untrusted-ca.crt server.crt
    ) > "$DIR.tls.log" 2>&1 || { cat "$DIR.tls.log" >&2; exit 1; }
}

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
    make_certificates
    as_owner "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DIR -c ssl=on -c ssl_cert_file=$DIR/tls/server.crt -c ssl_key_file=$DIR/tls/server.key -c max_connections=400 -c shared_buffers=512MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
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
