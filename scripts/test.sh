#!/usr/bin/env bash
# The one test command: installs what the tests need on a fresh Debian machine, then runs them
# all: the Swift test suites (model, store, server in process, every recorded roar-cli request
# replayed) and the end-to-end test with the real roar-cli 0.4.7 from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

say() { printf '\n== %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

say "Debian packages"
packages=(libsqlite3-dev sqlite3 openssh-client git curl ca-certificates)
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

say "roar-cli 0.4.7 in a venv (.build-venv/roar-cli)"
VENV=$ROOT/.build-venv/roar-cli
if ! "$VENV/bin/roar" --version 2>/dev/null | grep -q "0.4.7"; then
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "roar-cli==0.4.7"
fi
"$VENV/bin/roar" --version

say "swift build --build-tests"
swift build --build-tests

say "swift test"
swift test --skip-build

say "end to end with roar-cli 0.4.7"
# Outside /tmp (roar-cli ignores I/O there) and outside this repository (roar-cli refuses to
# reproduce inside a git repository that is not the lineage's).
E2E_WORK=$(mktemp -d /var/tmp/glaas-e2e.XXXXXX)
Tests/Interop/roar-cli-e2e.sh "$(swift build --show-bin-path)/glaas" "$VENV" "$E2E_WORK"
rm -rf "$E2E_WORK"

say "all tests passed"
