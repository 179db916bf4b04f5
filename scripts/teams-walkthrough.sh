#!/usr/bin/env bash
# Follows docs/teams.md on a fresh registry with our roar and prints how long each step took:
# the operator's setup, a device login approved with an SSH key, choosing the project scope, and a
# first publication into it. Usage: scripts/teams-walkthrough.sh [BIN_DIR]  (default .build/debug)
set -euo pipefail
bin=$(cd "${1:-.build/debug}" && pwd)
work=$(mktemp -d /var/tmp/teams-walkthrough-XXXXXX)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
export HOME="$work/home" XDG_CONFIG_HOME="" GLAAS_URL="" ROAR_SSH_KEY=""
mkdir -p "$HOME"
now() { date +%s.%N; }
step() { printf '%-52s %6.2f s\n' "$1" "$(awk -v a="$(now)" -v b="$2" 'BEGIN { print a - b }')"; }

start=$(now)
"$bin/glaas" serve --host 127.0.0.1 --port 0 --database "$work/registry.sqlite" --login-poll-interval 1 >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 200); do grep -q "listening on" "$work/server.log" && break; sleep 0.05; done
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/server.log" | head -1)
ssh-keygen -q -t ed25519 -N "" -f "$work/alice" -C alice
t=$(now)
"$bin/glaas" users add alice --key "$work/alice.pub" --database "$work/registry.sqlite" >/dev/null
"$bin/glaas" orgs create acme --database "$work/registry.sqlite" >/dev/null
"$bin/glaas" orgs add-member acme alice --role admin --database "$work/registry.sqlite" >/dev/null
"$bin/glaas" projects create acme/models --database "$work/registry.sqlite" >/dev/null
step "1. operator: user, organization, member, project" "$t"

mkdir -p "$work/project" && cd "$work/project"
git init -q . && git config user.email a@example.com && git config user.name a
printf 'print("hello")\nopen("out.txt", "w").write("model\\n")\n' > train.py && git add train.py && git commit -qm train
"$bin/roar" init -y >/dev/null
"$bin/roar" config set glaas.url "$url" >/dev/null
t=$(now)
"$bin/roar" login >"$work/login.out" 2>"$work/login.err" &
login=$!
for _ in $(seq 400); do grep -q "roar auth approve " "$work/login.err" && break; sleep 0.05; done
code=$(sed -n 's/.*roar auth approve \([A-Z]\{4\}-[A-Z]\{4\}\).*/\1/p' "$work/login.err" | head -1)
ROAR_SSH_KEY="$work/alice" "$bin/roar" auth approve "$code" >/dev/null
wait "$login"
step "2. roar login, approved with roar auth approve" "$t"
t=$(now)
"$bin/roar" scope use acme/models >/dev/null
step "3. roar scope use acme/models" "$t"
t=$(now)
"$bin/roar" run python3 train.py >/dev/null
"$bin/roar" register --json >"$work/register.json"
step "   roar run + roar register (first publication)" "$t"
grep -o '"visibility" *: *"[a-z]*"' "$work/register.json" | head -1
step "all, from an empty registry" "$start"
