#!/usr/bin/env bash
# API fuzzing from the OpenAPI document with schemathesis (PyPI): the real
# `ats serve` on a fresh data directory, first-run setup, a job, a candidate
# and an interview to aim at, then every method called with generated
# inputs as the company's administrator. Fails on any 5xx or any response
# that does not match the published schema.
#
#   scripts/fuzz_api.sh [path/to/ats] [max examples per method, default 30]
#
# ATS_FUZZ_SEED fixes the generator's seed (CI uses one that passed, so a
# failure there is a change of ours; a run without it explores afresh).
set -euo pipefail
cd "$(dirname "$0")/.."
ats="${1:-${CARGO_TARGET_DIR:-/var/cache/ats/target}/debug/ats}"
examples="${2:-30}"
venv="${ATS_FUZZ_VENV:-/var/cache/ats/schemathesis}"
if [ ! -x "$venv/bin/st" ] && [ ! -x "$venv/bin/schemathesis" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q schemathesis
fi
st="$venv/bin/st"; [ -x "$st" ] || st="$venv/bin/schemathesis"

data="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
ATS_DATA_DIR="$data" "$ats" serve --bind "127.0.0.1:$port" --no-model \
    --user-rate 1000000 --company-rate 1000000 --anonymous-rate 1000000 >"$data/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done

call() { curl -sf "$base/api/$1" -H 'content-type: application/json' ${token:+-H "authorization: Bearer $token"} -d "$2"; }
token=$(call auth.setup '{"company":"Fuzz","email":"admin@fuzz.test","name":"Admin","password":"a long fuzz password"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
posting=$(python3 -c 'import json,sys; print(json.dumps({"text": open(sys.argv[1]).read()}))' tests/fixtures/jds/j01_compiler_senior_swe_2025.md)
call jobs.create "$posting" >/dev/null
resume=$(python3 -c 'import base64,json,sys; print(json.dumps({"file_name":"r.json","content_base64":base64.b64encode(open(sys.argv[1],"rb").read()).decode()}))' tests/fixtures/resumes/r09_jsonresume_sample.json)
call candidates.upload "$resume" >/dev/null

# Sign-in and setup would lock the account or end the session under fuzzing;
# every other method is called.
status=0
"$st" run "$base/api/openapi.json" \
    --header "authorization: Bearer $token" \
    --checks not_a_server_error,response_schema_conformance \
    --exclude-path-regex '/api/auth\.(sign_in|sign_out|setup|totp_.*)$' \
    --max-examples "$examples" \
    --request-timeout 150 \
    --workers 1 \
    ${ATS_FUZZ_SEED:+--seed "$ATS_FUZZ_SEED"} || status=$?
if grep -q "panicked" "$data/serve.log"; then
    echo "the server logged a panic:" >&2
    grep -A3 panicked "$data/serve.log" >&2
    exit 1
fi
exit $status
