#!/usr/bin/env bash
# The one test command: checks the code's format (.swift-format) and that every target declares
# exactly what it imports, installs what the tests need on a fresh Debian machine, starts a
# throwaway PostgreSQL cluster on 127.0.0.1, and runs everything on both stores (SQLite and
# PostgreSQL): the Swift suites (model, store conformance, the server in process, every recorded
# roar-cli request replayed, several servers on one database, database restarts) and the
# end-to-end tests with the real roar-cli 0.4.7 from PyPI (its lineage and ours, read both ways),
# and the fuzz targets for a bounded time.
# The cluster is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

say() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

say "Debian packages"
packages=(libsqlite3-dev sqlite3 openssh-client git curl ca-certificates openssl postgresql b3sum gcc chromium)
python3 -m venv --help > /dev/null 2>&1 || packages+=(python3-venv)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" > /dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
    echo "all present: ${packages[*]}"
fi

say "style and structure: swift format (.swift-format), declared dependencies equal imports"
swift format lint --strict --recursive --parallel Sources Tests Benchmarks Package.swift Fuzz/Sources Fuzz/Package.swift
python3 scripts/check-dependencies.py

say "roar-cli 0.4.7 in a venv (.build-venv/roar-cli)"
VENV=$ROOT/.build-venv/roar-cli
if ! "$VENV/bin/roar" --version 2>/dev/null | grep -q "0.4.7"; then
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "roar-cli==0.4.7"
fi
"$VENV/bin/roar" --version

say "moto's S3-compatible server in a venv (.build-venv/moto), for roar put/get on s3://"
MOTO_VENV=$ROOT/.build-venv/moto
if ! "$MOTO_VENV/bin/python" -c "import moto.server, flask" 2>/dev/null; then
    rm -rf "$MOTO_VENV"
    python3 -m venv "$MOTO_VENV"
    "$MOTO_VENV/bin/pip" install --quiet --disable-pip-version-check "moto[server]==5.2.5"
fi
export MOTO_SERVER=$MOTO_VENV/bin/moto_server
"$MOTO_SERVER" --help > /dev/null

say "a Cloud Storage JSON-API emulator in a venv (.build-venv/gcs), for roar put/get on gs://"
GCS_VENV=$ROOT/.build-venv/gcs
if ! "$GCS_VENV/bin/pip" freeze 2>/dev/null | grep -qx "gcp-storage-emulator==2026.7.19"; then
    rm -rf "$GCS_VENV"
    python3 -m venv "$GCS_VENV"
    "$GCS_VENV/bin/pip" install --quiet --disable-pip-version-check "gcp-storage-emulator==2026.7.19"
fi
export GLAAS_TEST_GCS_EMULATOR=$GCS_VENV/bin/gcp-storage-emulator
"$GLAAS_TEST_GCS_EMULATOR" start --help > /dev/null

say "OpenAPI tools in a venv (.build-venv/openapi): openapi-spec-validator, schemathesis"
# GraphOpenAPITests validate /openapi.json and run schemathesis against a live in-process server.
OPENAPI_VENV=$ROOT/.build-venv/openapi
OPENAPI_PACKAGES=("openapi-spec-validator==0.9.0" "schemathesis==4.32.5")
if ! "$OPENAPI_VENV/bin/pip" freeze 2>/dev/null | grep -qx "schemathesis==4.32.5"; then
    rm -rf "$OPENAPI_VENV"
    python3 -m venv "$OPENAPI_VENV"
    "$OPENAPI_VENV/bin/pip" install --quiet --disable-pip-version-check "${OPENAPI_PACKAGES[@]}"
fi
"$OPENAPI_VENV/bin/schemathesis" --version

say "open-format checkers in a venv (.build-venv/formats): prov, openlineage-python, prometheus-client"
# The Swift tests run Tests/Interop/*.py with this python (GLAAS_TEST_PYTHON): the W3C prov
# package reads `glaas export --format prov`, openlineage-python sends RunEvents to the server,
# prometheus-client parses /metrics.
FORMATS_VENV=$ROOT/.build-venv/formats
if ! "$FORMATS_VENV/bin/python" -c 'import prov, openlineage.client, prometheus_client' 2>/dev/null; then
    rm -rf "$FORMATS_VENV"
    python3 -m venv "$FORMATS_VENV"
    "$FORMATS_VENV/bin/pip" install --quiet --disable-pip-version-check "prov==3.2.3" "openlineage-python==1.54.0" "prometheus-client==0.26.0"
fi
"$FORMATS_VENV/bin/python" -c 'import importlib.metadata as m; print(*(p + " " + m.version(p) for p in ("prov", "openlineage-python", "prometheus-client")), sep=", ")'

say "Jupyter in a venv (.build-venv/jupyter): nbconvert and ipykernel, for a notebook run under roar run"
JUPYTER_VENV=$ROOT/.build-venv/jupyter
if ! "$JUPYTER_VENV/bin/python" -c 'import nbconvert, ipykernel' 2>/dev/null; then
    rm -rf "$JUPYTER_VENV"
    python3 -m venv "$JUPYTER_VENV"
    "$JUPYTER_VENV/bin/pip" install --quiet --disable-pip-version-check "nbconvert==7.16.6" "ipykernel==6.29.5"
fi
"$JUPYTER_VENV/bin/jupyter" nbconvert --version

say "PostgreSQL: a scratch cluster on 127.0.0.1"
PG_ROOT=$(mktemp -d /var/tmp/glaas-pg.XXXXXX)
chmod 755 "$PG_ROOT"
PG_DATA=$PG_ROOT/data
PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() { scripts/postgres.sh stop "$PG_DATA" || true; rm -rf "$PG_ROOT"; }
trap cleanup EXIT
PG_URL=$(scripts/postgres.sh start "$PG_DATA" "$PG_PORT")
# The cluster takes TLS too; this authority signed its certificate (scripts/postgres.sh).
PG_CA=$PG_DATA/tls/ca.crt
echo "$PG_URL (TLS certificate authority: $PG_CA)"
psql() { "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql" "$PG_URL" -qtAc "$1"; }

say "swift build --build-tests"
swift build --build-tests
BIN=$(swift build --show-bin-path)

say "swift test: the in-process suites, on SQLite and PostgreSQL"
# Each run is bounded: a hung test fails the run with its output instead of using up the CI
# budget. The targets that start programs (glaas and roar executables, roar-cli, python venvs,
# moto, chromium, git) run apart from the in-process ones, one target per run, so that their
# subprocesses do not compete with the tracer's and the stores' suites on a small machine; the
# same split is the fast lane of development: swift test --skip "$PROCESS_TARGETS".
TEST_ENV=(GLAAS_TEST_POSTGRES_URL=$PG_URL GLAAS_TEST_POSTGRES_CA=$PG_CA GLAAS_BINARY=$BIN/glaas ROAR_BINARY=$BIN/roar GLAAS_TEST_OPENAPI_TOOLS=$OPENAPI_VENV/bin GLAAS_TEST_PYTHON=$FORMATS_VENV/bin/python ROAR_CLI_VENV=$VENV ROAR_TEST_JUPYTER_VENV=$JUPYTER_VENV GLAAS_TEST_GCS_EMULATOR=$GLAAS_TEST_GCS_EMULATOR)
PROCESS_TARGETS="GLaaSProcessTests|RoarProcessTests|ExternalToolTests"
env "${TEST_ENV[@]}" timeout --kill-after=30s 20m swift test --skip-build --skip "$PROCESS_TARGETS"
say "swift test: GLaaSProcessTests (glaas serve processes under load, several on one database, killed with SIGKILL while registering, export/import commands, a PostgreSQL restart)"
# One suite at a time: the load test's 64 clients and the multi-server test's would share 2 cores.
env "${TEST_ENV[@]}" timeout --kill-after=30s 10m swift test --skip-build --no-parallel --filter GLaaSProcessTests
say "swift test: RoarProcessTests (the roar executable, roar-cli 0.4.7, git, moto)"
env "${TEST_ENV[@]}" timeout --kill-after=30s 15m swift test --skip-build --filter RoarProcessTests
say "swift test: ExternalToolTests (schemathesis, openapi-spec-validator, prov, openlineage-python, prometheus-client, moto, chromium)"
env "${TEST_ENV[@]}" timeout --kill-after=30s 15m swift test --skip-build --filter ExternalToolTests

say "fuzzing: JSON parser, SSHSIG and keys, digest prefixes, v1 bodies, OpenLineage events, import lines (scripts/fuzz.sh, 20 s a target)"
# A package of its own (Fuzz/) built with libFuzzer into .build-fuzz; any crash, trap, hang or
# memory blow-up fails the run and leaves its input in .build-fuzz/artifacts.
timeout --kill-after=30s 15m scripts/fuzz.sh 20

# Outside /tmp (roar-cli ignores I/O there) and outside this repository (roar-cli refuses to
# reproduce inside a git repository that is not the lineage's).
say "end to end with roar-cli 0.4.7, on SQLite"
E2E_WORK=$(mktemp -d /var/tmp/glaas-e2e.XXXXXX)
Tests/Interop/roar-cli-e2e.sh "$BIN/glaas" "$VENV" "$E2E_WORK"
rm -rf "$E2E_WORK"

say "end to end with roar-cli 0.4.7, on PostgreSQL (served as a runtime role, over TLS)"
# As deployed: the owner migrates and grants glaas_e2e reading and appending; the server
# connects as glaas_e2e with verify-full, and the operator's commands use the owner's URL.
E2E_WORK=$(mktemp -d /var/tmp/glaas-e2e.XXXXXX)
psql "CREATE SCHEMA e2e"
"$BIN/glaas" migrate --database "$PG_URL?search_path=e2e" --runtime-role glaas_e2e > /dev/null
E2E_SERVE_URL="postgres://glaas_e2e@localhost:$PG_PORT/glaas_test?search_path=e2e&sslmode=verify-full&sslrootcert=$PG_CA"
GLAAS_OPERATOR_DATABASE="$PG_URL?search_path=e2e" Tests/Interop/roar-cli-e2e.sh "$BIN/glaas" "$VENV" "$E2E_WORK" 0 "$E2E_SERVE_URL"
rm -rf "$E2E_WORK"

say "cross-client: our roar and roar-cli 0.4.7 read, diff and reproduce each other's lineage"
E2E_WORK=$(mktemp -d /var/tmp/glaas-cross.XXXXXX)
Tests/Interop/cross-client-e2e.sh "$BIN/glaas" "$BIN/roar" "$VENV" "$E2E_WORK"
rm -rf "$E2E_WORK"

say "all tests passed"
