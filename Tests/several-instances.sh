#!/usr/bin/env bash
# Several instances behind a proxy, sharing one PostgreSQL database, losing none of the
# corrections they acknowledge when one of them is killed:
#   1. starts a throwaway PostgreSQL cluster (Tests/postgres-cluster.sh),
#   2. starts two `digit-reader serve --database postgres://...` instances and nginx in front of
#      them with the documented configuration (Tests/nginx/digit-reader.conf), all on loopback,
#   3. sends 1,000 corrections through nginx from 32 concurrent clients, each with its own
#      Idempotency-Key and retried until acknowledged; half-way, kills one instance with
#      SIGKILL and starts it again,
#   4. prints `acknowledged N, stored N, duplicates 0, lost 0` and exits non-zero otherwise.
#
# Needs the release binary (`swift build -c release`, or $DIGIT_READER_BIN); installs Debian's
# postgresql and nginx when missing.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1
BIN="${DIGIT_READER_BIN:-$ROOT/.build/release/digit-reader}"
COUNT="${SEVERAL_INSTANCES_COUNT:-1000}"
[ -x "$BIN" ] || { echo "several-instances: no binary at $BIN; run swift build -c release" >&2; exit 1; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
for package in postgresql nginx; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || exit 1
fi

WORK="$(mktemp -d /tmp/digit-reader-several.XXXXXX)"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# shellcheck source=Tests/postgres-cluster.sh
source "$ROOT/Tests/postgres-cluster.sh"
cleanup() {
    for pidfile in "$WORK"/*.pid; do
        [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
    done
    [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null
    sleep 0.5
    postgres_cluster_stop
    rm -rf "$WORK"
}
trap cleanup EXIT
postgres_cluster_start || exit 1
DATABASE="$DIGIT_READER_TEST_POSTGRES"

PROXY_PORT="$(free_port)"; PORT_A="$(free_port)"; PORT_B="$(free_port)"
# One instance: serve in the background, its pid in $WORK/<name>.pid.
start_instance() {
    local name="$1" port="$2"
    # Started from a subshell, so this shell does not report the instance's death as a job's.
    (
        LOG_LEVEL=warning OPENBLAS_NUM_THREADS=1 "$BIN" serve --host 127.0.0.1 --port "$port" --database "$DATABASE" --workers 1 \
            >>"$WORK/$name.log" 2>&1 &
        echo $! >"$WORK/$name.pid"
    )
}
wait_healthy() {
    for _ in $(seq 600); do
        python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "http://127.0.0.1:$1/healthz" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "several-instances: the instance on port $1 did not start" >&2
    return 1
}
start_instance a "$PORT_A"
start_instance b "$PORT_B"
wait_healthy "$PORT_A" && wait_healthy "$PORT_B" || { cat "$WORK"/*.log >&2; exit 1; }

mkdir -p "$WORK/nginx"
sed -e "s/127.0.0.1:8080/127.0.0.1:$PROXY_PORT/" -e "s/127.0.0.1:8081/127.0.0.1:$PORT_A/" -e "s/127.0.0.1:8082/127.0.0.1:$PORT_B/" \
    Tests/nginx/digit-reader.conf >"$WORK/nginx/nginx.conf"
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" &
wait_healthy "$PROXY_PORT" || { cat "$WORK/nginx/error.log" >&2; exit 1; }
echo "several-instances: nginx on $PROXY_PORT in front of instances on $PORT_A and $PORT_B, PostgreSQL $DATABASE"

# Half-way: SIGKILL instance a (nothing it has not committed can survive) and start it again.
HALFWAY="kill -9 \$(cat '$WORK/a.pid'); $(declare -f start_instance); WORK='$WORK' BIN='$BIN' DATABASE='$DATABASE'; start_instance a $PORT_A"
python3 Tests/several_instances_client.py --url "http://127.0.0.1:$PROXY_PORT/api/feedback" --count "$COUNT" --concurrency 32 \
    --database "$DATABASE" --halfway "$HALFWAY"
status=$?
if wait_healthy "$PORT_A"; then
    echo "several-instances: the killed instance was started again and answers"
else
    status=1
fi
exit $status
