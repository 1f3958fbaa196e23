#!/usr/bin/env bash
# Load test of a signed-in page with wrk (the coordinator's dashboard by
# default), against nginx serving the same HTML in the same run (the
# baseline that bounds it). Serves the
# demo with the release binary, signs in with curl, then:
#   1. 64 connections for DURATION s: requests/s of maillage and of nginx;
#   2. 200 connections for 30 s: latency percentiles and errors of maillage;
# and checks that the GETs wrote nothing (sessions, audit log, requests).
#
#   cargo build --release && scripts/load.sh [BINARY]
#   DURATION=30 scripts/load.sh
#   PAGE=/offre ACCOUNT=relais@demo.maillage.fr EXPECT="Places au" scripts/load.sh
#   PAGE=/demande/ville-de-demo ACCOUNT=- EXPECT="Demander un mode" scripts/load.sh   (a visitor, no sign-in)
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="$(realpath "${1:-target/release/maillage}")"
DURATION="${DURATION:-15}"
PAGE="${PAGE:-/}"
ACCOUNT="${ACCOUNT:-coordination@demo.maillage.fr}"
EXPECT="${EXPECT:-Convention Territoriale Globale}"
PORT=18095
NGINX_PORT=18096
WORK="$(mktemp -d)"
PASSWORD='charge-mot-de-passe-2026'
for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install wrk nginx-light curl)"; exit 1; }
done

"$BIN" demo --data-dir "$WORK" --addr "127.0.0.1:$PORT" --password "$PASSWORD" >"$WORK/demo.log" 2>&1 &
DEMO=$!
cleanup() {
  kill "$DEMO" 2>/dev/null || true
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done

# Sign in, as a browser would (ACCOUNT=- : a visitor who is not signed in).
JAR="$WORK/cookies"
if [ "$ACCOUNT" = "-" ]; then
  COOKIE="X-Visitor: anonymous"
else
  TOKEN=$(curl -fs -c "$JAR" -b "$JAR" "http://127.0.0.1:$PORT/connexion" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n 1)
  curl -fs -o /dev/null -c "$JAR" -b "$JAR" -H "Origin: http://127.0.0.1:$PORT" \
    --data-urlencode "email=$ACCOUNT" --data-urlencode "password=$PASSWORD" \
    --data-urlencode "csrf_token=$TOKEN" --data-urlencode "suivant=/" "http://127.0.0.1:$PORT/connexion"
  SESSION=$(awk '$6 == "maillage_session" { print $7 }' "$JAR")
  [ -n "$SESSION" ] || { echo "sign-in failed"; exit 1; }
  COOKIE="Cookie: maillage_session=$SESSION"
fi
curl -fs -H "$COOKIE" "http://127.0.0.1:$PORT$PAGE" >"$WORK/dashboard.html"
grep -q "$EXPECT" "$WORK/dashboard.html" || { echo "$PAGE does not say « $EXPECT »"; exit 1; }
echo "$PAGE: $(wc -c <"$WORK/dashboard.html") bytes"

# nginx serving the same page.
mkdir -p "$WORK/www" && cp "$WORK/dashboard.html" "$WORK/www/index.html"
cat >"$WORK/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp;
  uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/www; location / { default_type text/html; } }
}
CONF
mkdir -p "$WORK/tmp"
nginx -c "$WORK/nginx.conf" -p "$WORK"
sleep 0.5

count_sessions() {
  python3 -c "import sqlite3,sys; c=sqlite3.connect('file:$WORK/demo.sqlite?mode=ro', uri=True); print(c.execute('select count(*), group_concat(expires_at) from sessions').fetchone(), c.execute('select count(*) from audit_log').fetchone(), c.execute('select count(*) from care_requests').fetchone())"
}
BEFORE=$(count_sessions)

rps() { awk '/Requests\/sec/ { print $2 }'; }
echo "== 64 connections, ${DURATION}s"
M=$(wrk -t2 -c64 -d"${DURATION}s" -H "$COOKIE" "http://127.0.0.1:$PORT$PAGE" | tee "$WORK/m.txt" | rps)
N=$(wrk -t2 -c64 -d"${DURATION}s" "http://127.0.0.1:$NGINX_PORT/" | tee "$WORK/n.txt" | rps)
cat "$WORK/m.txt"
echo "maillage: $M req/s   nginx (same page): $N req/s   ratio: $(python3 -c "print(f'{100*$M/$N:.1f} %')")"
echo "== 200 connections, 30s, latency"
wrk -t2 -c200 -d30s --latency -H "$COOKIE" "http://127.0.0.1:$PORT$PAGE" | tee "$WORK/l.txt"
grep -q "Non-2xx" "$WORK/l.txt" && echo "ERRORS: some responses were not 2xx"
AFTER=$(count_sessions)
if [ "$BEFORE" = "$AFTER" ]; then echo "sessions, audit log and requests unchanged by the GETs"; else echo "changed: $BEFORE -> $AFTER"; fi
