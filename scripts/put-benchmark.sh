#!/usr/bin/env bash
# `roar put` of one big file to S3 (moto's server on 127.0.0.1) against `aws s3 cp` of the same
# file to the same server in the same run: prints both wall times and their ratio.
# Usage: scripts/put-benchmark.sh [SIZE_MIB] (default 1024). Needs a built roar (swift build),
# and installs moto[server] and awscli into .build-venv/moto and .build-venv/awscli if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZE_MIB=${1:-1024}
BIN=$(swift build --show-bin-path)

MOTO_VENV=$ROOT/.build-venv/moto
if ! "$MOTO_VENV/bin/python" -c "import moto.server, flask" 2>/dev/null; then
    rm -rf "$MOTO_VENV"; python3 -m venv "$MOTO_VENV"
    "$MOTO_VENV/bin/pip" install --quiet --disable-pip-version-check "moto[server]==5.2.5"
fi
AWS_VENV=$ROOT/.build-venv/awscli
if ! "$AWS_VENV/bin/aws" --version 2>/dev/null | grep -q "aws-cli/1.46.2"; then
    rm -rf "$AWS_VENV"; python3 -m venv "$AWS_VENV"
    "$AWS_VENV/bin/pip" install --quiet --disable-pip-version-check "awscli==1.46.2"
fi

WORK=$(mktemp -d /var/tmp/roar-put-bench.XXXXXX)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$MOTO_VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" > "$WORK/moto.log" 2>&1 &
MOTO_PID=$!
trap 'kill $MOTO_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
export AWS_ENDPOINT_URL=http://127.0.0.1:$PORT AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 HOME=$WORK
for _ in $(seq 1 100); do curl -s -o /dev/null "$AWS_ENDPOINT_URL" && break; sleep 0.2; done
"$AWS_VENV/bin/aws" s3 mb s3://bench > /dev/null

mkdir -p "$WORK/project"
head -c "$((SIZE_MIB << 20))" /dev/urandom > "$WORK/project/big.bin"
(cd "$WORK/project" && "$BIN/roar" init > /dev/null)
# The first hash of the file is part of a put; a warm page cache for both tools.
cat "$WORK/project/big.bin" > /dev/null

seconds() { local start end; start=$(date +%s.%N); "$@" > /dev/null; end=$(date +%s.%N); echo "$end - $start" | bc; }
ROAR=$(cd "$WORK/project" && seconds "$BIN/roar" put big.bin s3://bench/roar --no-register)
AWS=$(seconds "$AWS_VENV/bin/aws" s3 cp "$WORK/project/big.bin" s3://bench/aws/big.bin)
printf 'put of %d MiB to moto: roar %.2f s, aws s3 cp %.2f s, ratio roar/aws %.2f\n' "$SIZE_MIB" "$ROAR" "$AWS" "$(echo "$ROAR / $AWS" | bc -l)"
