#!/usr/bin/env bash
# Every test of Digit Reader, from a fresh clone or an up-to-date tree:
#   1. installs what is missing (Debian packages, the browser tests' Python packages),
#   2. builds the release binary and runs the Swift tests in release mode,
#   3. runs the HTTP tests (Tests/http: slow and stalled clients, shutdown, the OpenAPI contract
#      with openapi-spec-validator and schemathesis) against `.build/release/digit-reader serve`,
#   4. runs the browser tests (pytest + Playwright, Debian's Chromium) against it on a free port,
#   5. runs several instances behind nginx sharing PostgreSQL (Tests/several-instances.sh),
#   6. replays the fuzzing corpus and fuzzes each parser briefly (Tests/fuzz/run.sh).
# Exits non-zero if anything fails. Quick when everything is installed and built.
#
# Environment:
#   DIGIT_READER_MNIST      MNIST folder for the Swift tests (default: ../shared/datasets/mnist)
#   DIGIT_READER_PENDIGITS  pen digits for the browser tests (default: ../shared/datasets/pendigits-dev)
#   PYTHON                  Python for the browser tests (default: python3)
#   PYTEST_ARGS             extra pytest arguments for the browser tests, e.g. "-k touch"
#   FUZZ_SECONDS            seconds of fuzzing per target after the corpus replay (default 20)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1

step() { printf '\n==> %s\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "run-all: root or sudo is needed for: $*" >&2
        return 1
    fi
}

# ---------------------------------------------------------------- system packages
APT_PACKAGES=(libopenblas-dev libpng-dev libjpeg-dev zlib1g-dev libsqlite3-dev chromium postgresql nginx)
missing=()
for package in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [ "${#missing[@]}" -gt 0 ]; then
    step "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq || exit 1
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" || exit 1
fi

# ---------------------------------------------------------------- Python packages
PYTHON="${PYTHON:-python3}"
if ! command -v "$PYTHON" >/dev/null 2>&1; then
    step "installing Python"
    as_root apt-get update -qq || exit 1
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-pip || exit 1
fi
if ! "$PYTHON" -c 'import playwright, pytest' >/dev/null 2>&1; then
    step "installing the browser tests' Python packages"
    if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip || exit 1
    fi
    # A Debian-managed Python refuses plain `pip install` (PEP 668); Playwright's package brings
    # its own driver and is told to use the system Chromium, so no browser is downloaded.
    "$PYTHON" -m pip install -q -r Tests/browser/requirements.txt \
        || "$PYTHON" -m pip install -q --break-system-packages -r Tests/browser/requirements.txt \
        || exit 1
fi

if ! "$PYTHON" -c 'import schemathesis, openapi_spec_validator' >/dev/null 2>&1; then
    step "installing the HTTP tests' Python packages"
    "$PYTHON" -m pip install -q -r Tests/http/requirements.txt \
        || "$PYTHON" -m pip install -q --break-system-packages -r Tests/http/requirements.txt \
        || exit 1
fi

# ---------------------------------------------------------------- Swift
if [ -z "${DIGIT_READER_MNIST:-}" ]; then
    export DIGIT_READER_MNIST="$ROOT/../shared/datasets/mnist"
fi

step "swift build -c release"
if ! swift build -c release; then
    echo "run-all: the release build failed" >&2
    exit 1
fi

# The PostgreSQL storage tests and the several-instances check need a server: a throwaway
# cluster on loopback, stopped when this script ends.
# shellcheck source=Tests/postgres-cluster.sh
source "$ROOT/Tests/postgres-cluster.sh"
trap postgres_cluster_stop EXIT
step "PostgreSQL for the storage tests"
postgres_cluster_start || exit 1

# The kill-under-writes test and the browser tests start this binary.
export DIGIT_READER_BIN="$ROOT/.build/release/digit-reader"

failed=()
# No test uses `@testable import`: without testable imports the tests link against the release
# build above instead of rebuilding every module with testability (which doubles the build).
step "swift test -c release (MNIST: $DIGIT_READER_MNIST)"
if ! swift test -c release --disable-testable-imports; then
    failed+=("swift test")
fi

# Make sure the binary the browser tests start is current (a no-op unless `swift test` relinked it).
if ! swift build -c release --product digit-reader >/dev/null; then
    echo "run-all: could not rebuild digit-reader" >&2
    exit 1
fi

# ---------------------------------------------------------------- HTTP
step "HTTP tests (connections, shutdown, API contract)"
if ! "$PYTHON" -m pytest Tests/http; then
    failed+=("HTTP tests")
fi

# ---------------------------------------------------------------- browser
# The sanitizer build for the fuzzing step below compiles while the browser tests, which mostly
# wait on the page, run: it is the slowest build of the run and needs nothing they use.
FUZZ_BUILD_LOG="$(mktemp "${TMPDIR:-/tmp}/digit-reader-fuzz-build.XXXXXX")"
bash Tests/fuzz/run.sh --build-only >"$FUZZ_BUILD_LOG" 2>&1 &
fuzz_build=$!

step "browser tests (pytest + Playwright, /usr/bin/chromium)"
# shellcheck disable=SC2086 # PYTEST_ARGS is a list of arguments
"$PYTHON" -m pytest Tests/browser ${PYTEST_ARGS:-}
status=$?
if [ "$status" -ne 0 ]; then
    failed+=("browser tests (pytest exit $status)")
fi

# ---------------------------------------------------------------- several instances
step "several instances: PostgreSQL + two servers + nginx, one killed half-way"
if ! bash Tests/several-instances.sh; then
    failed+=("several instances")
fi

# ---------------------------------------------------------------- fuzzing
step "fuzzing: corpus replay and ${FUZZ_SECONDS:-20} s per target (libFuzzer + AddressSanitizer)"
if ! wait "$fuzz_build"; then
    cat "$FUZZ_BUILD_LOG" >&2
    failed+=("fuzzing (build)")
elif ! bash Tests/fuzz/run.sh --seconds "${FUZZ_SECONDS:-20}"; then
    failed+=("fuzzing")
fi
rm -f "$FUZZ_BUILD_LOG"

if [ "${#failed[@]}" -gt 0 ]; then
    echo "run-all: FAILED: ${failed[*]}" >&2
    exit 1
fi
