#!/usr/bin/env bash
# Soak run: `vigia track` on a live RTSP camera for N minutes while the camera is killed,
# restarted and frozen (SIGSTOP/SIGCONT) at set times; samples the tracking process's RSS, Java
# heap, threads and open file descriptors every 10 s.
#
#   app/soak/rtsp-soak.sh [MINUTES] [OUT_DIR]        (defaults: 20, target/soak)
#
# Writes OUT_DIR/samples.tsv (one row per sample), OUT_DIR/faults.tsv (what was done when),
# OUT_DIR/track.log, the tracking outputs and OUT_DIR/stats.json; prints the first, middle and
# last samples and the outage count at the end. Faults cycle every FAULT_EVERY seconds (default
# 150): camera killed for 20 s then restarted, frozen 15 s, frozen 60 s, frozen 3 s. Everything runs on
# 127.0.0.1. Needs the packages .ci/run installs (GStreamer RTSP server, python3-gi) and a JDK's
# jstat.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
minutes="${1:-20}"
out="$(mkdir -p "${2:-$repo/target/soak}" && cd "${2:-$repo/target/soak}" && pwd)"
fault_every="${FAULT_EVERY:-150}"
video="${SOAK_VIDEO:-}"
port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="rtsp://127.0.0.1:$port/test"

if [ -z "$video" ]; then
  "$repo/vigia" samples pull >/dev/null
  video="${VIGIA_HOME:-$HOME/.cache/vigia}/samples/vtest.avi"
fi

server_pid=""
start_server() {
  /usr/bin/python3 "$here/looping_rtsp_server.py" "$port" "$video" >"$out/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 50); do grep -q ready "$out/server.log" 2>/dev/null && return 0; sleep 0.2; done
  echo "soak: the RTSP server did not start; see $out/server.log" >&2
  exit 1
}
fault() { printf '%s\t%s\n' "$(( $(date +%s) - t0 ))" "$1" >>"$out/faults.tsv"; }

cleanup() {
  [ -n "$server_pid" ] && kill -CONT "$server_pid" 2>/dev/null && kill "$server_pid" 2>/dev/null || true
  [ -n "${track_pid:-}" ] && kill "$track_pid" 2>/dev/null || true
}
trap cleanup EXIT

rm -f "$out/samples.tsv" "$out/faults.tsv"
start_server
t0=$(date +%s)
fault "camera up at $url"
"$repo/vigia" track --source "$url" --live --out "$out" --overwrite --duration "${minutes}m" \
  --stats-json "$out/stats.json" >"$out/track.log" 2>&1 &
track_pid=$!

printf 'seconds\trss_mb\theap_mb\tthreads\tfds\tjsonl_lines\n' >"$out/samples.tsv"
sample() {
  local rss threads fds heap lines
  rss=$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$track_pid/status" 2>/dev/null || echo NA)
  threads=$(awk '/Threads/ {print $2}' "/proc/$track_pid/status" 2>/dev/null || echo NA)
  fds=$(ls "/proc/$track_pid/fd" 2>/dev/null | wc -l)
  # Eden + survivors + old generation in use, in MB (jstat reports KB).
  heap=$(jstat -gc "$track_pid" 2>/dev/null | awk 'NR == 2 {printf "%.1f", ($3 + $4 + $6 + $8) / 1024}')
  lines=0
  for f in "$out"/*.jsonl; do [ -f "$f" ] && lines=$(wc -l <"$f"); done
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(( $(date +%s) - t0 ))" "$rss" "${heap:-NA}" "$threads" "$fds" "$lines" >>"$out/samples.tsv"
}

cycle=0
next_fault=$fault_every
# The first sample once the JVM runs (the launcher execs java under the same pid).
next_sample=10
end=$(( minutes * 60 ))
while kill -0 "$track_pid" 2>/dev/null; do
  now=$(( $(date +%s) - t0 ))
  if [ "$now" -ge "$next_sample" ]; then sample; next_sample=$(( next_sample + 10 )); fi
  if [ "$now" -ge "$next_fault" ] && [ "$now" -lt $(( end - 90 )) ]; then
    case $(( cycle % 4 )) in
      0) fault "kill camera"; kill -9 "$server_pid"; wait "$server_pid" 2>/dev/null || true; sleep 20
         start_server; fault "camera restarted" ;;
      1) fault "freeze 15 s"; kill -STOP "$server_pid"; sleep 15; kill -CONT "$server_pid"; fault "thaw" ;;
      2) fault "freeze 60 s"; kill -STOP "$server_pid"; sleep 60; kill -CONT "$server_pid"; fault "thaw" ;;
      3) fault "freeze 3 s"; kill -STOP "$server_pid"; sleep 3; kill -CONT "$server_pid"; fault "thaw" ;;
    esac
    cycle=$(( cycle + 1 ))
    next_fault=$(( $(date +%s) - t0 + fault_every ))
  fi
  sleep 1
done
wait "$track_pid" && status=0 || status=$?

rows=$(( $(wc -l <"$out/samples.tsv") - 1 ))
echo "soak: vigia track exited $status after $(( $(date +%s) - t0 )) s; $rows samples in $out/samples.tsv"
echo "soak: faults: $(grep -cE 'kill|freeze' "$out/faults.tsv"); lost: $(grep -c 'Lost ' "$out/track.log" || true);" \
  "stalls: $(grep -c 'stalled' "$out/track.log" || true); reconnected: $(grep -c 'Reconnected' "$out/track.log" || true)"
{ head -n 1 "$out/samples.tsv"; sed -n "2p;$(( rows / 2 + 1 ))p;$(( rows + 1 ))p" "$out/samples.tsv"; } | column -t
exit "$status"
