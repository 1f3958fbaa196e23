#!/usr/bin/env bash
# Start-up time and idle memory of `maillage serve` on an existing SQLite
# database, against a baseline measured the same way in the same run:
# Python's http.server serving a static file (start, answer, idle RSS).
#
#   cargo build --release && scripts/measure-startup.sh [RUNS]
#
# Start-up = from exec to the first 200 on /healthz (which queries the
# database), polled every 5 ms with curl. RSS = VmRSS after 3 s idle.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
bin=target/release/maillage
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" --data-dir "$work" migrate >/dev/null
"$bin" --data-dir "$work" territory add --slug mesure --name Mesure >/dev/null
"$bin" --data-dir "$work" plan import --territory mesure crates/maillage/demo/ctg-plan-2023-2026.toml >/dev/null
echo ok > "$work/index.html"

now_ms() { date +%s%3N; }

# measure NAME URL COMMAND... : prints "start_ms rss_kb" for one run
measure() {
  local url=$1; shift
  local t0 pid t1 rss
  t0=$(now_ms)
  "$@" >/dev/null 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "$url"; do sleep 0.005; done
  t1=$(now_ms)
  sleep 3
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$((t1 - t0)) $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

: > "$work/m"; : > "$work/b"
for i in $(seq 1 "$runs"); do
  measure "http://127.0.0.1:18181/healthz" "$bin" --data-dir "$work" serve --addr 127.0.0.1:18181 >> "$work/m"
  measure "http://127.0.0.1:18182/index.html" python3 -m http.server 18182 --bind 127.0.0.1 --directory "$work" >> "$work/b"
done
printf 'runs: %s\n' "$runs"
printf 'maillage serve   start-up median %s ms, idle RSS median %s KiB\n' \
  "$(cut -d' ' -f1 "$work/m" | median)" "$(cut -d' ' -f2 "$work/m" | median)"
printf 'python http.server start-up median %s ms, idle RSS median %s KiB\n' \
  "$(cut -d' ' -f1 "$work/b" | median)" "$(cut -d' ' -f2 "$work/b" | median)"
