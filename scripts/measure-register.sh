#!/usr/bin/env bash
# Measures `roar register` of a 50-job lineage and `roar show HASH` answered by the registry,
# with the built roar and glaas (default: the debug build). Not a test: prints the timings.
# Usage: scripts/measure-register.sh [BIN_DIR] [JOBS]
set -euo pipefail
BIN=${1:-$(swift build --show-bin-path)}
JOBS=${2:-50}
WORK=$(mktemp -d /var/tmp/roar-measure.XXXXXX)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN/glaas" serve --port "$PORT" --database "$WORK/registry.sqlite" --log-level warning > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" > /dev/null && break; sleep 0.1; done

mkdir -p "$WORK/project" && cd "$WORK/project"
export HOME=$WORK ROAR_SSH_KEY=
"$BIN/roar" init --no-gitignore > /dev/null
"$BIN/roar" config set glaas.url "http://127.0.0.1:$PORT" > /dev/null
echo seed > data-0.txt
for i in $(seq 1 "$JOBS"); do
    "$BIN/roar" run sh -c "cat data-$((i - 1)).txt > data-$i.txt; echo $i >> data-$i.txt" > /dev/null 2>&1
done
ms() { python3 -c 'import sys; print(f"{(float(sys.argv[2]) - float(sys.argv[1])) * 1000:.0f} ms")' "$1" "$2"; }
TIMEFORMAT="  (wall %3R s, roar's CPU user %3U s + sys %3S s; wall time means little on a loaded machine: $(cut -d' ' -f1-3 /proc/loadavg))"
start=$(date +%s.%N)
time "$BIN/roar" register -y --json > "$WORK/register.json"
end=$(date +%s.%N)
HASH=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["lineage_hash"])' "$WORK/register.json")
echo "roar register of $JOBS jobs: $(ms "$start" "$end")  (lineage $HASH)"
DIGEST=$(b3sum --no-names "data-$JOBS.txt" 2>/dev/null || "$BIN/roar" hash "data-$JOBS.txt" | cut -d' ' -f1)
mkdir -p "$WORK/reader" && cd "$WORK/reader"
"$BIN/roar" init --no-gitignore > /dev/null
"$BIN/roar" config set glaas.url "http://127.0.0.1:$PORT" > /dev/null
for target in "$HASH" "$DIGEST"; do
    "$BIN/roar" show "$target" > /dev/null
    time "$BIN/roar" show "$target" > /dev/null
    start=$(date +%s.%N)
    for _ in 1 2 3 4 5 6 7 8 9 10; do "$BIN/roar" show "$target" > /dev/null; done
    end=$(date +%s.%N)
    echo "roar show ${target:0:12} from the registry: $(python3 -c 'import sys; print(f"{(float(sys.argv[2]) - float(sys.argv[1])) * 100:.0f} ms")' "$start" "$end") per call (mean of 10, process start included)"
done
