#!/usr/bin/env bash
# `roar find --remote` and `roar impact` end to end against a registry of 1M jobs (the store
# `glaas-bench --graph --reuse-store --work DIR` generates), next to curl asking the registry the
# same question in the same run: prints p50 and p90 wall times of each and the ratio roar/curl.
# Usage: scripts/find-impact-benchmark.sh STORE.sqlite [RUNS] (default 21). Uses the release
# glaas and roar (swift build -c release --product glaas; swift build -c release
# --static-swift-stdlib --product roar).
set -euo pipefail
cd "$(dirname "$0")/.."
STORE=${1:?usage: scripts/find-impact-benchmark.sh STORE.sqlite [RUNS]}
RUNS=${2:-21}
BIN=$(swift build -c release --show-bin-path)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
WORK=$(mktemp -d /var/tmp/roar-find-bench.XXXXXX)
"$BIN/glaas" serve --database "$STORE" --port "$PORT" > "$WORK/glaas.log" 2>&1 &
GLAAS_PID=$!
trap 'kill $GLAAS_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
URL=http://127.0.0.1:$PORT
for _ in $(seq 1 600); do curl -sf -o /dev/null "$URL/api/v1/health" && break; sleep 0.5; done
curl -sf -o /dev/null "$URL/api/v1/health" || { echo "glaas did not start: $(tail -3 "$WORK/glaas.log")" >&2; exit 1; }
export HOME=$WORK GLAAS_URL=$URL
cd "$WORK"

# The synthetic registry's names: dataset N's digest is sha256("datasetN"); run R's jobs run
# "python stepJ.py --run R" and write /data/run-R/out-… paths.
DATASET=$(printf 'dataset7' | sha256sum | cut -c1-64)
milliseconds() { local start end; start=$(date +%s%N); "$@" > /dev/null; end=$(date +%s%N); echo $(((end - start) / 1000)); }
percentile() { sort -n | awk -v p="$1" '{ v[NR] = $1 } END { i = int((NR - 1) * p / 100) + 1; printf "%.1f", v[i] / 1000 }'; }
measure() {
    local name=$1 query=$2; shift 2
    local roar=() curls=()
    "$@" > /dev/null; curl -sf -o /dev/null "$URL$query"
    for run in $(seq 1 "$RUNS"); do
        roar+=("$(milliseconds "$@")")
        curls+=("$(milliseconds curl -sf "$URL$query")")
    done
    local r50 r90 c50
    r50=$(printf '%s\n' "${roar[@]}" | percentile 50); r90=$(printf '%s\n' "${roar[@]}" | percentile 90)
    c50=$(printf '%s\n' "${curls[@]}" | percentile 50)
    printf '%-44s roar p50 %7s ms  p90 %7s ms   curl p50 %7s ms   roar/curl %5.2f\n' "$name" "$r50" "$r90" "$c50" "$(echo "$r50 / $c50" | bc -l)"
}
echo "registry: $STORE ($(sqlite3 "$STORE" 'SELECT count(*) FROM jobs' 2>/dev/null || echo '?') jobs), $RUNS runs each"
measure "find --remote --command '--run 12345'" "/api/graph/v1/jobs?command=--run%2012345&limit=50" \
    "$BIN/roar" find --remote "--command=--run 12345" --json
measure "find --remote --path /run-12345/out-1" "/api/graph/v1/artifacts?path=%2Frun-12345%2Fout-1&limit=50" \
    "$BIN/roar" find --remote --path /run-12345/out-1 --json
measure "find --remote --command step3 --since 2026-11-01" "/api/graph/v1/jobs?command=step3&since=2026-11-01T00:00:00Z&limit=50" \
    "$BIN/roar" find --remote --command step3 --since 2026-11-01 --json
measure "impact DATASET (98 final outputs)" "/api/graph/v1/artifacts/$DATASET/terminal-descendants?limit=100" \
    "$BIN/roar" impact "$DATASET" --json
