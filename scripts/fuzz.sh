#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (a package of its own, into .build-fuzz) and runs each
# for a bounded time on its seed corpus, Fuzz/Corpus/<name>. Fails when a target crashes, traps,
# breaks one of its checks, hangs on one input or runs out of memory; the input is saved under
# .build-fuzz/artifacts/<name>/ and the command to replay it is printed. docs/testing.md,
# "Fuzzing", says how to run longer and what to do with a crash.
#
#   scripts/fuzz.sh [SECONDS-PER-TARGET] [NAME...]     (default: 30 s, every target)
#
# Names: json sshsig digest-prefix v1-payload openlineage import-line.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${1:-30}
shift || true
ALL=(json sshsig digest-prefix v1-payload openlineage import-line)
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL[@]}")
SCRATCH=.build-fuzz

echo "building the fuzz targets (swift build --package-path Fuzz --scratch-path $SCRATCH --sanitize=fuzzer)"
start=$(date +%s)
mkdir -p "$SCRATCH/logs"
# ld.gold warns about every sanitizer symbol it cannot export; those lines are left out.
if ! swift build --package-path Fuzz --scratch-path "$SCRATCH" --sanitize=fuzzer > "$SCRATCH/logs/build.log" 2>&1; then
    grep -v "ld.gold: warning: Cannot export local symbol" "$SCRATCH/logs/build.log" | tail -60 >&2
    echo "the fuzz targets do not build" >&2
    exit 1
fi
echo "built in $(($(date +%s) - start)) s"
BIN=$(swift build --package-path Fuzz --scratch-path "$SCRATCH" --sanitize=fuzzer --show-bin-path)

failed=()
for name in "${TARGETS[@]}"; do
    seeds=Fuzz/Corpus/$name
    [ -d "$seeds" ] || { echo "no target named $name (expected $seeds)" >&2; exit 2; }
    # New inputs go to a working corpus kept in the scratch directory (longer runs build on
    # earlier ones); the checked-in seeds are only read.
    work=$SCRATCH/corpus/$name
    artifacts=$SCRATCH/artifacts/$name
    log=$SCRATCH/logs/$name.log
    mkdir -p "$work" "$artifacts" "$(dirname "$log")"
    options=()
    # JSON tokens and the seeds' field names, so that mutations make structure, not just bytes.
    [ -f "Fuzz/Dictionaries/$name.dict" ] && options+=(-dict="Fuzz/Dictionaries/$name.dict")
    # -timeout: one input taking longer is a hang; -rss_limit_mb: memory; -max_len: inputs up
    # to 8 KiB (the largest seed is smaller). The outer timeout bounds the whole run.
    if timeout --kill-after=10s $((SECONDS_PER_TARGET + 120)) "$BIN/fuzz-$name" \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 "${options[@]}" "$work" "$seeds" > "$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        coverage=$(grep -o 'DONE *cov: [0-9]*' "$log" | grep -o '[0-9]*$' || true)
        echo "fuzz-$name: ok, ${runs:-?} inputs in ${SECONDS_PER_TARGET} s, ${coverage:-?} coverage points, corpus $(ls "$work" | wc -l) (log: $log)"
    else
        echo "fuzz-$name: FAILED (log: $log)" >&2
        grep -v "ld.gold" "$log" | grep -E -A25 "ERROR:|Fatal error|deadly signal|timeout|out-of-memory" | head -60 >&2 || tail -40 "$log" >&2
        for input in "$artifacts"/*; do
            [ -e "$input" ] && echo "  input: $input  (replay: $BIN/fuzz-$name $input)" >&2
        done
        failed+=("$name")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing failed: ${failed[*]}" >&2
    exit 1
fi
echo "fuzzing: ${#TARGETS[@]} targets, ${SECONDS_PER_TARGET} s each, no failure"
