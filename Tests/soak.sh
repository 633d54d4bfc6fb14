#!/usr/bin/env bash
# Soak test: the release server under mixed traffic for N minutes.
#
#   bash Tests/soak.sh [--minutes N] [--connections C] [--stalled S] [-- SERVE-OPTIONS...]
#
# Starts `.build/release/digit-reader serve` on a free port (building it if needed) and runs
# Tests/load/loadgen.py soak against it: predict (PNG, JSON, strokes where the server reads
# them), compare, read and feedback where the server has them, health, model listing, bad
# inputs (random bytes, broken JSON and base64, unknown models, unknown paths, wrong methods,
# truncated PNGs) and stalled clients that send half a request. Every minute it prints
# throughput, answers by status code, p50/p99 latency, stalled connections closed and the
# server's resident memory. Then it stops the server with SIGTERM.
#
# Fails (exit 1) on any 5xx other than 503 server_busy, a server that died or was unhealthy
# after, a shutdown that did not exit 0, or (runs of 6 minutes and more) resident memory in the
# last five minutes more than 10% above minute 5.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1
PYTHON="${PYTHON:-python3}"

minutes=10
connections=16
stalled=50
serve_options=()
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) minutes="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --stalled) stalled="$2"; shift 2 ;;
        --) shift; serve_options=("$@"); break ;;
        *) echo "soak: unknown option $1 (see the top of $0)" >&2; exit 2 ;;
    esac
done

mkdir -p artifacts
if ! swift build -c release --product digit-reader >artifacts/soak-build.log 2>&1; then
    cat artifacts/soak-build.log >&2
    echo "soak: the release build failed" >&2
    exit 1
fi
port="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="artifacts/soak-server.log"
# Corrections go to a folder of their own, not the repository's data/.
data_dir="$(mktemp -d)"
.build/release/digit-reader serve --port "$port" --data-dir "$data_dir" "${serve_options[@]}" >"$log" 2>&1 &
server=$!
for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { echo "soak: the server exited at start-up; see $log" >&2; exit 1; }
    sleep 0.1
done
echo "soak: server pid $server on port $port (log: $log), options: ${serve_options[*]:-defaults}"

"$PYTHON" Tests/load/loadgen.py soak --url "http://127.0.0.1:$port" --minutes "$minutes" \
    --connections "$connections" --stalled "$stalled" --pid "$server" | tee artifacts/soak-report.txt
result="$(sed -n 's/^RESULT //p' artifacts/soak-report.txt)"

alive=yes
kill -0 "$server" 2>/dev/null || alive=no
kill -TERM "$server" 2>/dev/null
wait "$server"
exit_code=$?
rm -rf "$data_dir"

SOAK_RESULT="$result" ALIVE="$alive" EXIT_CODE="$exit_code" "$PYTHON" - <<'PY'
import json, os, sys
result = json.loads(os.environ["SOAK_RESULT"] or "{}")
problems = []
if os.environ["ALIVE"] != "yes":
    problems.append("the server died during the soak")
if os.environ["EXIT_CODE"] != "0":
    problems.append(f"the server exited {os.environ['EXIT_CODE']} after SIGTERM")
if result.get("server_errors"):
    problems.append(f"{result['server_errors']} answers were 5xx (other than 503)")
if not result.get("healthy_after"):
    problems.append("the server was not healthy after the soak")
minutes = result.get("minutes", [])
memory = [row["rss_mb"] for row in minutes if row.get("rss_mb")]
if len(memory) >= 6:
    fifth, last = memory[4], memory[-5:]
    drift = max(last) / fifth - 1
    print(f"soak: resident memory minute 5 {fifth:.1f} MB, last five minutes {min(last):.1f}-{max(last):.1f} MB ({drift:+.1%})")
    if drift > 0.10:
        problems.append(f"resident memory grew {drift:.1%} after minute 5")
print(f"soak: answers by status {result.get('statuses')}")
if problems:
    print("soak: FAILED: " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
print("soak: passed (no 5xx but 503, healthy after, memory level, clean shutdown)")
PY
