#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the tests (Debian's `postgresql` package).
#
#   source Tests/postgres-cluster.sh && postgres_cluster_start   # sets DIGIT_READER_TEST_POSTGRES
#   postgres_cluster_stop                                         # stops it and removes its folder
#
# The cluster lives in a temporary folder owned by the `postgres` user (the server refuses to
# run as root), listens on 127.0.0.1 on a free port, and trusts local connections: it holds
# only test data and is gone when stopped.

postgres_cluster_start() {
    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        echo "postgres-cluster: no PostgreSQL server installed (apt-get install postgresql)" >&2
        return 1
    fi
    local runner=()
    if [ "$(id -u)" -eq 0 ]; then
        runner=(runuser -u postgres --)
    fi
    POSTGRES_CLUSTER_DIR="$(mktemp -d /tmp/digit-reader-pg.XXXXXX)"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$POSTGRES_CLUSTER_DIR"
    local port
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    "${runner[@]}" "$bin/initdb" -D "$POSTGRES_CLUSTER_DIR/data" -U digitreader -A trust -E UTF8 >"$POSTGRES_CLUSTER_DIR/initdb.log" 2>&1 \
        || { cat "$POSTGRES_CLUSTER_DIR/initdb.log" >&2; return 1; }
    "${runner[@]}" "$bin/pg_ctl" -D "$POSTGRES_CLUSTER_DIR/data" -l "$POSTGRES_CLUSTER_DIR/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $POSTGRES_CLUSTER_DIR -c max_connections=200 -c fsync=on" start >/dev/null \
        || { cat "$POSTGRES_CLUSTER_DIR/server.log" >&2; return 1; }
    POSTGRES_CLUSTER_BIN="$bin"
    export DIGIT_READER_TEST_POSTGRES="postgres://digitreader@127.0.0.1:$port/postgres"
    echo "postgres-cluster: PostgreSQL on 127.0.0.1:$port ($POSTGRES_CLUSTER_DIR)"
}

postgres_cluster_stop() {
    [ -n "${POSTGRES_CLUSTER_DIR:-}" ] || return 0
    local runner=()
    [ "$(id -u)" -eq 0 ] && runner=(runuser -u postgres --)
    "${runner[@]}" "$POSTGRES_CLUSTER_BIN/pg_ctl" -D "$POSTGRES_CLUSTER_DIR/data" -m fast -w stop >/dev/null 2>&1
    rm -rf "$POSTGRES_CLUSTER_DIR"
    unset POSTGRES_CLUSTER_DIR DIGIT_READER_TEST_POSTGRES
}
