#!/usr/bin/env bash
# Schema-driven fuzzing of the JSON API with schemathesis (PyPI), against the
# demo served by the binary, with a coordinator's read-write token. Fails on
# any 5xx, any response that the OpenAPI document does not describe (status,
# content type, body schema, headers), any invalid input that is accepted,
# and any resource that stays reachable after its DELETE.
#
#   scripts/fuzz-api.sh [BINARY]      (default: target/debug/maillage)
#   FUZZ_SECONDS=600 scripts/fuzz-api.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${1:-target/debug/maillage}"
SECONDS_BUDGET="${FUZZ_SECONDS:-180}"
PORT="${FUZZ_PORT:-18091}"
VENV="target/ci-venv"
WORK="$(mktemp -d)"

if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check 'schemathesis>=4.3,<5' aiosmtpd
fi
"$VENV/bin/schemathesis" --version

"$BIN" demo --data-dir "$WORK" --addr "127.0.0.1:$PORT" --password 'fuzz-mot-de-passe-2026' >"$WORK/demo.log" 2>&1 &
DEMO=$!
trap 'kill $DEMO 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null

TOKEN=$("$BIN" --database-url "sqlite://$WORK/demo.sqlite" token create \
  --territory ville-de-demo --email coordination@demo.maillage.fr --name fuzz --write)

"$VENV/bin/schemathesis" run "http://127.0.0.1:$PORT/api/openapi.json" \
  --header "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,negative_data_rejection,use_after_free,ensure_resource_availability \
  --max-time "$SECONDS_BUDGET" --workers 2 --seed "${FUZZ_SEED:-20261130}"
