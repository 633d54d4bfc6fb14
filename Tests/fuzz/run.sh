#!/usr/bin/env bash
# Fuzzes what reads untrusted bytes, with libFuzzer and AddressSanitizer (LeakSanitizer included):
#   FuzzImage      image files: format sniffing, libpng/libjpeg decoding, normalising, segmenting
#   FuzzStrokes    stroke uploads (JSON, or raw coordinates): drawing, normalising, segmenting
#   FuzzMultipart  multipart/form-data bodies and their Content-Type parameters
#   FuzzForm       application/x-www-form-urlencoded bodies and the base64 inside them
#   FuzzJSONBody   JSON bodies, as uploads and as corrections
#
# Usage: bash Tests/fuzz/run.sh [--seconds N | --build-only] [TARGET...]
#   Builds the targets (package Tests/fuzz, `-sanitize=fuzzer,address`), replays every input of
#   the checked-in corpus (Tests/fuzz/corpus/TARGET), then fuzzes each target for N seconds
#   (default 20; 0 only replays). New inputs go to a scratch folder, never into the corpus.
#   Exits non-zero on any crash, leak, timeout (5 s per input) or out-of-memory, and names the
#   input that caused it: fix the cause, then add that input to the target's corpus folder so
#   every later run replays it. --build-only builds and stops (run-all.sh builds while other
#   tests run).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ALL_TARGETS=(FuzzImage FuzzStrokes FuzzMultipart FuzzForm FuzzJSONBody)

seconds=20
build_only=false
targets=()
while [ "$#" -gt 0 ]; do
    case "$1" in
        --seconds)
            [ "$#" -ge 2 ] && [[ "$2" =~ ^[0-9]+$ ]] || { echo "fuzz: --seconds needs a whole number" >&2; exit 2; }
            seconds="$2"
            shift 2
            ;;
        --build-only)
            build_only=true
            shift
            ;;
        -h|--help)
            # The comment block at the top of this file.
            awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
            exit 0
            ;;
        *)
            if [[ ! " ${ALL_TARGETS[*]} " =~ " $1 " ]]; then
                echo "fuzz: unknown target '$1' (targets: ${ALL_TARGETS[*]})" >&2
                exit 2
            fi
            targets+=("$1")
            shift
            ;;
    esac
done
[ "${#targets[@]}" -gt 0 ] || targets=("${ALL_TARGETS[@]}")

echo "fuzz: building ${targets[*]} with -sanitize=fuzzer,address"
BUILD=(swift build --package-path "$HERE" -c debug -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address)
# Product by product: a plain `swift build` would also link the project's own executable with
# the fuzzer runtime, which has no test to run.
for target in "${targets[@]}"; do
    if ! "${BUILD[@]}" --product "$target"; then
        echo "fuzz: the build of $target failed" >&2
        exit 1
    fi
done
"$build_only" && exit 0
BIN="$("${BUILD[@]}" --show-bin-path)"

SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/digit-reader-fuzz.XXXXXX")"
trap 'rm -rf "$SCRATCH"' EXIT
mkdir -p "$SCRATCH/findings"
# One definition of "wrong": libFuzzer's defaults plus a 5 s per-input timeout and a memory cap.
OPTIONS=(-timeout=5 -rss_limit_mb=2048 -malloc_limit_mb=1024 "-artifact_prefix=$SCRATCH/findings/")
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"

failed=()
for target in "${targets[@]}"; do
    corpus="$HERE/corpus/$target"
    inputs=("$corpus"/*)
    echo "fuzz: $target: replaying ${#inputs[@]} corpus inputs"
    if ! "$BIN/$target" "${OPTIONS[@]}" "${inputs[@]}" >"$SCRATCH/$target-replay.log" 2>&1; then
        tail -n 40 "$SCRATCH/$target-replay.log" >&2
        failed+=("$target (corpus replay)")
        continue
    fi
    [ "$seconds" -gt 0 ] || continue
    echo "fuzz: $target: fuzzing for $seconds s"
    mkdir -p "$SCRATCH/$target"
    if ! "$BIN/$target" "${OPTIONS[@]}" -max_total_time="$seconds" -print_final_stats=1 \
        "$SCRATCH/$target" "$corpus" >"$SCRATCH/$target.log" 2>&1; then
        tail -n 40 "$SCRATCH/$target.log" >&2
        for finding in "$SCRATCH"/findings/*; do
            [ -e "$finding" ] || continue
            kept="$HERE/findings/$target-$(basename "$finding")"
            mkdir -p "$HERE/findings"
            cp "$finding" "$kept"
            echo "fuzz: $target: the failing input is kept as $kept" >&2
        done
        failed+=("$target")
        continue
    fi
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$SCRATCH/$target.log" \
        | sed "s/^/fuzz: $target: /"
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz: every target replayed its corpus and fuzzed $seconds s without a crash, leak or timeout"
