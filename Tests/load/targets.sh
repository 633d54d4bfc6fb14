#!/usr/bin/env bash
# Measures issue 13's load targets on a fresh release server (one run each):
#   1. stalled: /healthz and /api/predict p50 unloaded and while 1,000 clients hold half-sent
#      requests, and when the server closed each stalled connection (target: within
#      --read-timeout + 1 s);
#   2. overload: 1,000 wrk connections of /api/predict for 20 s, every answer counted by status
#      (target: only 200 and 503), while one more connection (loadgen.py probe) measures the
#      latency of accepted answers (target: p99 under 2 x --max-queue-wait), then /healthz.
#
#   bash Tests/load/targets.sh [SERVE-OPTIONS...]
#
# Needs wrk (Debian: apt-get install wrk). The load and the server share the machine's cores.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 1
PYTHON="${PYTHON:-python3}"
command -v wrk >/dev/null || { echo "targets: wrk is missing (apt-get install wrk)" >&2; exit 1; }

mkdir -p artifacts
swift build -c release --product digit-reader >artifacts/targets-build.log 2>&1 || { cat artifacts/targets-build.log >&2; exit 1; }
port="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
.build/release/digit-reader serve --port "$port" --data-dir "$(mktemp -d)" "$@" >artifacts/targets-server.log 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 1 600); do
    curl -sf "$url/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
read_timeout=10
for ((i = 1; i <= $#; i++)); do
    if [ "${!i}" = "--read-timeout" ]; then j=$((i + 1)); read_timeout="${!j}"; fi
done

echo "== 1,000 stalled clients (read timeout $read_timeout s)"
"$PYTHON" Tests/load/loadgen.py stalled --url "$url" --clients 1000 --read-timeout "$read_timeout"

echo "== 1,000 connections of predict traffic (wrk, 20 s) with an accepted-latency probe"
"$PYTHON" Tests/load/loadgen.py png --out artifacts/digit.png
DIGIT_PNG=artifacts/digit.png wrk -t 2 -c 1000 -d 20 --timeout 10s -s Tests/load/predict.lua "$url/api/predict" >artifacts/targets-wrk.txt 2>&1 &
wrk_pid=$!
sleep 1
"$PYTHON" Tests/load/loadgen.py probe --url "$url" --seconds 18 --interval 0.01
wait "$wrk_pid"
grep -E "Requests/sec|WRK" artifacts/targets-wrk.txt
echo "== /metrics after"
curl -s "$url/metrics" | grep -E '^digit_reader_(rejected_total|queue_depth)'
curl -s "$url/healthz"; echo
