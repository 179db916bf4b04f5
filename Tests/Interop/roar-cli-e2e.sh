#!/usr/bin/env bash
# End-to-end test of glaas with the unmodified Python client, roar-cli 0.4.7 from PyPI.
#
# Two HOMEs play two machines. Machine A runs a 3-step pipeline under `roar run` in a git repo
# whose remote is a local bare repository, registers it anonymously, and checks that the lineage
# hash roar-cli computes locally (dry run) is the one glaas computes. Machine B, without
# credentials, shows the model remotely, previews and runs its reproduction, and the rebuilt
# model hashes to the registered digest. With SSH keys that an operator added, a label B sets
# remotely is seen from A, and a lineage A registers --private is invisible to an anonymous
# reader while its owner finds it.
#
# Usage: roar-cli-e2e.sh GLAAS_BINARY ROAR_VENV WORK_DIR [PORT] [DATABASE]
# PORT defaults to 0: the server binds a port the system chooses and says which.
# DATABASE is what `glaas serve --database` takes (default: a SQLite file in WORK_DIR);
# GLAAS_OPERATOR_DATABASE, when set, is what the operator's `glaas users add` takes instead (the
# owner's URL, when the server connects to PostgreSQL as a runtime role that cannot add users).
# WORK_DIR must be outside /tmp (roar-cli ignores I/O under /tmp by default) and outside any
# git repository (roar-cli refuses to reproduce inside a repository that is not the lineage's).
set -euo pipefail

GLAAS=$(realpath "$1")
VENV=$(realpath "$2")
WORK=$3
PORT=${4:-0}
DATABASE=${5:-}
ROAR="$VENV/bin/roar"
PY="$VENV/bin/python"
STEP_TIMEOUT=${STEP_TIMEOUT:-300}

case "$(realpath -m "$WORK")" in /tmp|/tmp/*) echo "WORK_DIR must be outside /tmp" >&2; exit 2;; esac
rm -rf "$WORK"
mkdir -p "$WORK"
WORK=$(realpath "$WORK")
DATABASE=${DATABASE:-$WORK/registry.sqlite}
OPERATOR_DATABASE=${GLAAS_OPERATOR_DATABASE:-$DATABASE}
if git -C "$WORK" rev-parse --git-dir > /dev/null 2>&1; then echo "WORK_DIR must be outside any git repository" >&2; exit 2; fi
export PATH="$VENV/bin:$PATH" DO_NOT_TRACK=1 ROAR_NO_TELEMETRY=1 GIT_TERMINAL_PROMPT=0
unset GLAAS_URL ROAR_GLAAS__URL ROAR_SSH_KEY

failures=0
pass() { echo "  ok    $*"; }
fail() { echo "  FAIL  $*"; failures=$((failures + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
run() { timeout "$STEP_TIMEOUT" "$@"; }
blake3_of() { "$PY" -c 'import blake3, sys; print(blake3.blake3(open(sys.argv[1], "rb").read()).hexdigest())' "$1"; }

SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

echo "== glaas (data in ${DATABASE%%\?*})"
"$GLAAS" serve --port "$PORT" --database "$DATABASE" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
# The server prints the address it bound once it listens (with port 0, one the system chose).
URL=
for _ in $(seq 1 600); do
    URL=$(sed -n 's/^glaas: listening on \(http:[^ ]*\).*/\1/p' "$WORK/server.log" | head -1)
    [ -n "$URL" ] && break
    kill -0 "$SERVER_PID" 2> /dev/null || break
    sleep 0.1
done
[ -n "$URL" ] || { echo "glaas serve did not listen:" >&2; cat "$WORK/server.log" >&2; exit 1; }
echo "== glaas on $URL"
check "server answers /health" curl -sf "$URL/api/v1/health" -o /dev/null

# Both machines reach the same bare repository through a URL that looks shareable, so
# roar-cli records it (it drops file paths) and B can clone it: A pushes to it, B fetches.
REMOTE_URL=https://git.example.test/demo.git
machine() { # NAME push|fetch: makes HOME for a machine
    local home="$WORK/home$1"
    mkdir -p "$home"
    HOME=$home git config --global user.email "$1@example.com"
    HOME=$home git config --global user.name "$1"
    HOME=$home git config --global init.defaultBranch main
    if [ "$2" = push ]; then
        HOME=$home git config --global "url.$WORK/remote.git.pushInsteadOf" "$REMOTE_URL"
    else
        HOME=$home git config --global "url.$WORK/remote.git.insteadOf" "$REMOTE_URL"
    fi
}
machine A push
machine B fetch
machine C fetch

echo "== machine A: a 3-step pipeline under roar run"
export HOME=$WORK/homeA
git init -q --bare "$WORK/remote.git"
git init -q "$WORK/demo"
cd "$WORK/demo"
git remote add origin "$REMOTE_URL"
cat > prepare.py <<'PY'
import random
random.seed(7)
with open("data.csv", "w") as out:
    for i in range(500):
        out.write(f"{i},{random.random():.6f},{random.random():.6f}\n")
PY
cat > train.py <<'PY'
import json
rows = [line.strip().split(",") for line in open("data.csv")]
w = sum(float(r[1]) * float(r[2]) for r in rows) / len(rows)
json.dump({"weights": [round(w, 9)], "rows": len(rows)}, open("model.json", "w"), sort_keys=True)
PY
cat > evaluate.py <<'PY'
import json
model = json.load(open("model.json"))
json.dump({"score": round(model["weights"][0] * 3, 9)}, open("metrics.json", "w"), sort_keys=True)
PY
printf '.roar/\n*.csv\n*.json\n' > .gitignore
git add -A && git commit -qm "pipeline" && git push -q origin main
run "$ROAR" init -n > /dev/null 2>&1
run "$ROAR" config set glaas.url "$URL" > /dev/null
run "$ROAR" config set tracer.default ptrace > /dev/null
for step in prepare train evaluate; do
    run "$ROAR" run python "$step.py" > "$WORK/run-$step.log" 2>&1 || { fail "roar run python $step.py"; cat "$WORK/run-$step.log"; }
done
MODEL=$(blake3_of model.json)
check "roar run recorded the model" test -n "$MODEL"

LOCAL_HASH=$(run "$ROAR" register --dry-run -y 2>&1 | sed -n 's/^ *Session: *\([0-9a-f]\{12\}\)\.\.\..*/\1/p' | head -1)
run "$ROAR" register -y > "$WORK/register.log" 2>&1 || { fail "roar register"; cat "$WORK/register.log"; }
LINEAGE=$(grep -o "$URL/web/dag/[0-9a-f]\{64\}" "$WORK/register.log" | head -1 | sed 's|.*/||')
check "roar register printed the lineage URL" test -n "$LINEAGE"
check "roar-cli's local hash ($LOCAL_HASH) is glaas's hash (${LINEAGE:0:12})" test "$LOCAL_HASH" = "${LINEAGE:0:12}"
run "$ROAR" register -y > "$WORK/register-again.log" 2>&1 || true
check "registering again reports it as already registered" grep -q "Already registered" "$WORK/register-again.log"
LINEAGES=$(curl -sf "$URL/api/v1/sessions?limit=100" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["data"]["total"])')
check "…and stores it once ($LINEAGES lineage)" test "$LINEAGES" = 1

echo "== machine B, without credentials: show, reproduce, reproduce --run"
export HOME=$WORK/homeB GLAAS_URL=$URL ROAR_GLAAS__URL=$URL
mkdir -p "$WORK/b" && cd "$WORK/b"
run "$ROAR" show "${MODEL:0:16}" --remote > "$WORK/show.log" 2>&1 || true
check "roar show --remote names the producing job" grep -q "python train.py" "$WORK/show.log"
run "$ROAR" reproduce "${MODEL:0:16}" > "$WORK/reproduce.log" 2>&1 || true
check "roar reproduce previews the plan" grep -q "python prepare.py" "$WORK/reproduce.log"
check "…with the recorded commit" grep -q "$(git -C "$WORK/demo" rev-parse HEAD)" "$WORK/reproduce.log"
run "$ROAR" reproduce "$MODEL" --run -y > "$WORK/reproduce-run.log" 2>&1 || { fail "roar reproduce --run"; tail -30 "$WORK/reproduce-run.log"; }
REBUILT=$(find "$WORK/b" -name model.json -path '*reproduce*' | head -1)
check "reproduce --run rebuilt model.json" test -n "$REBUILT"
if [ -n "$REBUILT" ]; then
    check "the rebuilt model has the registered digest" test "$(blake3_of "$REBUILT")" = "$MODEL"
fi

echo "== keys: the operator adds alice (A) and bob (B)"
for who in A:alice B:bob; do
    home=$WORK/home${who%%:*}
    mkdir -p "$home/.ssh"
    ssh-keygen -q -t ed25519 -N "" -C "${who#*:}" -f "$home/.ssh/id_ed25519"
    "$GLAAS" users add "${who#*:}" --key "$home/.ssh/id_ed25519.pub" --database "$OPERATOR_DATABASE" > /dev/null \
        || fail "glaas users add ${who#*:}"
done

echo "== a label set remotely on B is seen from A"
run "$ROAR" label set artifact "$MODEL" --remote quality=good reviewer=bob > "$WORK/label-set.log" 2>&1 || { fail "roar label set --remote"; cat "$WORK/label-set.log"; }
export HOME=$WORK/homeA
cd "$WORK/demo"
run "$ROAR" label show artifact "$MODEL" --remote > "$WORK/label-show.log" 2>&1 || true
check "A sees quality=good" grep -q "quality=good" "$WORK/label-show.log"
check "A sees reviewer=bob" grep -q "reviewer=bob" "$WORK/label-show.log"

echo "== a lineage registered --private with an SSH key is invisible to anonymous readers"
cat > secret.py <<'PY'
import json
json.dump({"secret": "only-for-alice"}, open("secret.json", "w"))
PY
git add secret.py && git commit -qm "secret step" && git push -q origin main
run "$ROAR" run python secret.py > "$WORK/run-secret.log" 2>&1 || fail "roar run python secret.py"
SECRET=$(blake3_of secret.json)
run "$ROAR" register secret.json --private -y > "$WORK/register-private.log" 2>&1 || { fail "roar register --private"; cat "$WORK/register-private.log"; }
export HOME=$WORK/homeC
mkdir -p "$WORK/c" && cd "$WORK/c"
run "$ROAR" show "${SECRET:0:16}" --remote > "$WORK/show-private-anonymous.log" 2>&1 || true
check "an anonymous roar show does not find it" grep -q "not found" "$WORK/show-private-anonymous.log"
check "an anonymous lookup answers 404" test "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/public/artifacts/$SECRET")" = 404
export HOME=$WORK/homeA
run "$ROAR" show "${SECRET:0:16}" --remote > "$WORK/show-private-owner.log" 2>&1 || true
check "its owner finds it" grep -q "python secret.py" "$WORK/show-private-owner.log"

check "the server logged no internal error" bash -c "! grep -q 'Unhandled error' '$WORK/server.log'"
echo
if [ "$failures" -gt 0 ]; then
    echo "roar-cli interop: $failures check(s) failed; logs in $WORK"
    exit 1
fi
echo "roar-cli interop: all checks passed"
