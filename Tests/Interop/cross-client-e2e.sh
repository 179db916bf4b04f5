#!/usr/bin/env bash
# Cross-client end-to-end test: our roar and roar-cli 0.4.7 read each other's lineage on one glaas.
#
# Machine A records a pipeline with OUR roar and registers it; machine B, with roar-cli 0.4.7,
# shows the model remotely and reproduces it (`--run`), and the rebuilt model hashes to the
# registered digest. Machine C records two trainings with roar-cli and registers them; machine D,
# with our roar, shows one remotely, diffs the two (the changed parameter is named) and
# reproduces one: MATCH.
#
# Usage: cross-client-e2e.sh GLAAS_BINARY ROAR_BINARY ROAR_CLI_VENV WORK_DIR [PORT]
# PORT defaults to 0: the server binds a port the system chooses and says which.
# WORK_DIR must be outside /tmp (roar-cli ignores I/O there) and outside any git repository.
set -euo pipefail

GLAAS=$(realpath "$1")
OURS=$(realpath "$2")
VENV=$(realpath "$3")
WORK=$4
PORT=${5:-0}
ROARCLI="$VENV/bin/roar"
PY="$VENV/bin/python"
STEP_TIMEOUT=${STEP_TIMEOUT:-300}

case "$(realpath -m "$WORK")" in /tmp|/tmp/*) echo "WORK_DIR must be outside /tmp" >&2; exit 2;; esac
rm -rf "$WORK"
mkdir -p "$WORK"
WORK=$(realpath "$WORK")
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

"$GLAAS" serve --port "$PORT" --database "$WORK/registry.sqlite" > "$WORK/server.log" 2>&1 &
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

# Every machine reaches the bare repositories through URLs that look shareable (insteadOf).
machine() { # NAME: makes HOME for a machine
    local home="$WORK/home$1"
    mkdir -p "$home"
    HOME=$home git config --global user.email "$1@example.com"
    HOME=$home git config --global user.name "$1"
    HOME=$home git config --global init.defaultBranch main
    for repo in ours theirs; do
        HOME=$home git config --global "url.$WORK/$repo.git.insteadOf" "https://git.example.test/$repo.git"
    done
}
for name in A B C D; do machine "$name"; done

pipeline() { # DIR REPO: a git repo with prepare.py and train.py (train takes --lr), pushed
    git init -q --bare "$WORK/$2.git"
    git init -q "$1"
    cd "$1"
    git remote add origin "https://git.example.test/$2.git"
    cat > prepare.py <<'PY'
import random
random.seed(11)
with open("data.csv", "w") as out:
    for i in range(400):
        out.write(f"{i},{random.random():.6f}\n")
PY
    cat > train.py <<'PY'
import json, sys
lr = float(sys.argv[sys.argv.index("--lr") + 1])
out = sys.argv[sys.argv.index("--out") + 1]
rows = [float(line.split(",")[1]) for line in open("data.csv")]
json.dump({"lr": lr, "w": round(sum(rows) * lr / len(rows), 9)}, open(out, "w"), sort_keys=True)
PY
    printf '.roar/\n*.csv\n*.json\nroar-reproduce-*/\n' > .gitignore
    git add -A && git commit -qm "pipeline" && git push -q origin main
}

echo "== machine A: our roar records and registers"
export HOME=$WORK/homeA
pipeline "$WORK/a" ours
run "$OURS" init -y > /dev/null
run "$OURS" config set glaas.url "$URL" > /dev/null
run "$OURS" run python prepare.py > "$WORK/a-prepare.log" 2>&1 || { fail "roar run prepare.py"; cat "$WORK/a-prepare.log"; }
run "$OURS" run python train.py --lr 0.5 --out model.json > "$WORK/a-train.log" 2>&1 || { fail "roar run train.py"; cat "$WORK/a-train.log"; }
OUR_MODEL=$(blake3_of model.json)
run "$OURS" register -y > "$WORK/a-register.log" 2>&1 || { fail "our roar register"; cat "$WORK/a-register.log"; }
OUR_LINEAGE=$(grep -o "$URL/web/dag/[0-9a-f]\{64\}" "$WORK/a-register.log" | head -1 | sed 's|.*/||')
check "our roar register printed the lineage URL" test -n "$OUR_LINEAGE"

echo "== machine B: roar-cli 0.4.7 shows and reproduces our lineage"
export HOME=$WORK/homeB GLAAS_URL=$URL ROAR_GLAAS__URL=$URL
mkdir -p "$WORK/b" && cd "$WORK/b"
run "$ROARCLI" show "${OUR_MODEL:0:16}" --remote > "$WORK/b-show.log" 2>&1 || true
check "roar-cli show --remote names our producing job" grep -q "python train.py --lr 0.5" "$WORK/b-show.log"
run "$ROARCLI" reproduce "${OUR_MODEL:0:16}" > "$WORK/b-plan.log" 2>&1 || true
check "roar-cli reproduce previews our plan" grep -q "python prepare.py" "$WORK/b-plan.log"
run "$ROARCLI" reproduce "$OUR_MODEL" --run -y > "$WORK/b-reproduce.log" 2>&1 || { fail "roar-cli reproduce --run"; tail -30 "$WORK/b-reproduce.log"; }
REBUILT=$(find "$WORK/b" -name model.json -path '*reproduce*' | head -1)
check "roar-cli rebuilt model.json" test -n "$REBUILT"
if [ -n "$REBUILT" ]; then check "…with the digest our roar registered" test "$(blake3_of "$REBUILT")" = "$OUR_MODEL"; fi
unset GLAAS_URL ROAR_GLAAS__URL

echo "== machine C: roar-cli 0.4.7 records two trainings and registers them"
export HOME=$WORK/homeC
pipeline "$WORK/c" theirs
run "$ROARCLI" init -n > /dev/null 2>&1
run "$ROARCLI" config set glaas.url "$URL" > /dev/null
run "$ROARCLI" config set tracer.default ptrace > /dev/null
run "$ROARCLI" run python prepare.py > "$WORK/c-prepare.log" 2>&1 || fail "roar-cli run prepare.py"
run "$ROARCLI" run python train.py --lr 0.1 --out model-a.json > "$WORK/c-train-a.log" 2>&1 || fail "roar-cli run train a"
run "$ROARCLI" run python train.py --lr 0.2 --out model-b.json > "$WORK/c-train-b.log" 2>&1 || fail "roar-cli run train b"
MODEL_A=$(blake3_of model-a.json)
MODEL_B=$(blake3_of model-b.json)
run "$ROARCLI" register -y > "$WORK/c-register.log" 2>&1 || { fail "roar-cli register"; cat "$WORK/c-register.log"; }

echo "== machine D: our roar shows, diffs and reproduces roar-cli's lineage"
export HOME=$WORK/homeD
mkdir -p "$WORK/d" && cd "$WORK/d"
run "$OURS" init -y > /dev/null
run "$OURS" config set glaas.url "$URL" > /dev/null
run "$OURS" show "${MODEL_A:0:16}" > "$WORK/d-show.log" 2>&1 || true
check "our roar show falls back to the registry" grep -q "train.py --lr 0.1" "$WORK/d-show.log"
run "$OURS" diff "${MODEL_A:0:16}" "${MODEL_B:0:16}" > "$WORK/d-diff.log" 2>&1 || true
check "our roar diff names the changed parameter" grep -q -- "--lr.*0.1.*0.2" "$WORK/d-diff.log"
run "$OURS" reproduce "${MODEL_A:0:16}" > "$WORK/d-plan.log" 2>&1 || true
check "our roar reproduce shows the plan" grep -q "python prepare.py" "$WORK/d-plan.log"
run "$OURS" reproduce "${MODEL_A:0:16}" --run -y --into "$WORK/d/rebuild" > "$WORK/d-reproduce.log" 2>&1 || { fail "our roar reproduce --run"; tail -30 "$WORK/d-reproduce.log"; }
check "our roar reproduce --run reports MATCH" grep -qw "MATCH" "$WORK/d-reproduce.log"
check "…and the rebuilt model has roar-cli's digest" test "$(blake3_of "$WORK/d/rebuild/model-a.json" 2>/dev/null)" = "$MODEL_A"

check "the server logged no internal error" bash -c "! grep -q 'Unhandled error' '$WORK/server.log'"
echo
if [ "$failures" -gt 0 ]; then
    echo "cross-client: $failures check(s) failed; logs in $WORK"
    exit 1
fi
echo "cross-client: all checks passed"
