#!/usr/bin/env bash
# Soak run of `vigia monitor`: N looping RTSP cameras for M minutes with a fault every few
# minutes, rotating over the cameras: killed for 10 s then restarted, frozen 15 s
# (SIGSTOP/SIGCONT), restarted at another frame size, frozen 40 s (past the watchdog).
#
#   app/soak/monitor-soak.sh [MINUTES] [CAMERAS] [DETECT_FPS] [OUT_DIR]   (defaults: 60, 4, 5, target/monitor-soak)
#
# Every 2 s it reads the dashboard's /api/cameras and records each camera's offline/online
# transitions; every 30 s it samples the monitor's /metrics: RSS, heap, threads, open files,
# latency p95 and fps per camera, events. Writes OUT_DIR/samples.tsv, faults.tsv,
# transitions.tsv, monitor.log and the monitor's events; prints the first, middle and last
# samples, each outage with how long the camera took to come back, and CPU seconds per camera.
# DETECT_WORKERS sets the config's detect_workers (default 1); INFERENCE_THREADS its
# inference_threads (e.g. 1,1 for those counts unpinned; default auto). FAULT_EVERY=0 makes no faults.
#
# Quiet cameras: QUIET_SET=DIR (written by `vigia scenes quiet --out DIR`) serves the set's cameras
# instead of vtest.avi (camera i plays the set's camera i, cycling when there are fewer), at their
# own size, with each one's counting line and zone from its counts.json (as fractions of the
# frame, so a restart at another size keeps them). MOTION=1 (the default with QUIET_SET) gates
# detection by motion, MOTION=0 detects at detect_fps on every camera: the detect-everything run to
# compare with. At the end quiet_recall.py compares the monitor's line crossings and zone entries
# with the expected ones (app/docs/scenes.md); `quiet_recall.py GATED_OUT ALL_OUT` compares two runs.
# Needs what .ci/run installs (GStreamer RTSP server, python3-gi) and curl.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
minutes="${1:-60}"
cameras="${2:-4}"
detect_fps="${3:-5}"
out="$(mkdir -p "${4:-$repo/target/monitor-soak}" && cd "${4:-$repo/target/monitor-soak}" && pwd)"
fault_every="${FAULT_EVERY:-180}"
for n in "$minutes" "$cameras" "$fault_every"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "soak: MINUTES, CAMERAS and FAULT_EVERY are whole numbers, got '$n'" >&2; exit 2; }
done
"$repo/vigia" samples pull >/dev/null
video="${VIGIA_HOME:-$HOME/.cache/vigia}/samples/vtest.avi"
quiet_set="${QUIET_SET:+$(cd "$QUIET_SET" && pwd)}"
motion="${MOTION:-$([ -n "$quiet_set" ] && echo 1 || echo 0)}"
quiet_cameras=()
if [ -n "$quiet_set" ]; then
  for d in "$quiet_set"/cam*/; do [ -f "$d/video.mp4" ] && quiet_cameras+=("${d%/}"); done
  [ ${#quiet_cameras[@]} -gt 0 ] || { echo "soak: no cam*/video.mp4 under $quiet_set; make them with vigia scenes quiet --out $quiet_set" >&2; exit 2; }
fi
camera_video() { if [ -n "$quiet_set" ]; then echo "${quiet_cameras[$(( $1 % ${#quiet_cameras[@]} ))]}/video.mp4"; else echo "$video"; fi; }
camera_size() {
  if [ -n "$quiet_set" ]; then
    awk -F= '/^imWidth/{w=$2} /^imHeight/{h=$2} END{print w "x" h}' "${quiet_cameras[$(( $1 % ${#quiet_cameras[@]} ))]}/seqinfo.ini"
  else echo 384x288; fi
}
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

declare -a ports
# Each camera's server pid and frame size live in files: faults run in the background (so that
# outages are observed while they last) and restart servers from a subshell.
server_pid() { cat "$out/server-$1.pid"; }
start_server() {  # camera index, frame size
  local i=$1
  echo "$2" >"$out/server-$i.size"
  /usr/bin/python3 "$here/looping_rtsp_server.py" "${ports[$i]}" "$(camera_video "$i")" "$2" 10 "$out/server-$i.positions" \
    >"$out/server-$i.log" 2>&1 &
  echo $! >"$out/server-$i.pid"
  for _ in $(seq 50); do
    grep -q ready "$out/server-$i.log" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "soak: RTSP server $i did not start; see $out/server-$i.log" >&2
  exit 1
}
run_fault() {  # camera index, cycle
  local i=$1 pid
  pid=$(server_pid "$i")
  case $(( $2 % 4 )) in
    0) fault "$i" "kill for 10 s"; kill -9 "$pid"; sleep 10; start_server "$i" "$(cat "$out/server-$i.size")"; fault "$i" "restarted" ;;
    1) fault "$i" "freeze 15 s"; kill -STOP "$pid"; sleep 15; kill -CONT "$pid"; fault "$i" "thaw" ;;
    2) local size; size=$([ "$(cat "$out/server-$i.size")" = 384x288 ] && echo 640x480 || echo 384x288)  # quiet cameras' lines are fractions
       fault "$i" "restart at $size"; kill -9 "$pid"; start_server "$i" "$size"; fault "$i" "restarted at $size" ;;
    3) fault "$i" "freeze 40 s"; kill -STOP "$pid"; sleep 40; kill -CONT "$pid"; fault "$i" "thaw" ;;
  esac
}
t0=$(date +%s)
echo "$t0" >"$out/t0"  # transitions.tsv counts seconds from it
elapsed() { echo $(( $(date +%s) - t0 )); }
fault() { printf '%s\tcam%s\t%s\n' "$(elapsed)" "$1" "$2" >>"$out/faults.tsv"; }
cleanup() {
  for f in "$out"/server-*.pid; do [ -f "$f" ] && kill -CONT "$(cat "$f")" 2>/dev/null; [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
  [ -n "${monitor_pid:-}" ] && kill "$monitor_pid" 2>/dev/null || true
}
trap cleanup EXIT

rm -rf "$out"/*.tsv "$out"/server-* "$out/events"
dashboard_port=$(free_port)
date +%s.%N >"$out/monitor.start"
{
  if [ "$motion" = 1 ]; then echo "motion: {enabled: true}"; fi
  echo "cameras:"
  for i in $(seq 0 $(( cameras - 1 ))); do
    ports[$i]=$(free_port)
    start_server "$i" "$(camera_size "$i")"
    printf '  - name: cam%s\n    url: rtsp://127.0.0.1:%s/test\n    detect_fps: %s\n' "$i" "${ports[$i]}" "$detect_fps"
    if [ -n "$quiet_set" ]; then
      folder="${quiet_cameras[$(( i % ${#quiet_cameras[@]} ))]}"
      printf 'cam%s\t%s\n' "$i" "$folder" >>"$out/quiet-cameras.tsv"
      /usr/bin/python3 "$here/quiet_recall.py" --yaml "$folder"
    else
      printf '    lines: [{name: middle, points: [[0.52, 0.75], [0.52, 0.2]]}]\n'
    fi
  done
  echo "events: {dir: events}"
  echo "recordings: {dir: clips, pre_capture: 2, post_capture: 2, retain_days: 1, max_gb: 0.5}"
  echo "watchdog: 20"
  echo "detect_workers: ${DETECT_WORKERS:-1}"
  if [ -n "${INFERENCE_THREADS:-}" ]; then echo "inference_threads: \"$INFERENCE_THREADS\""; fi
} >"$out/cameras.yaml"
"$repo/vigia" monitor --config "$out/cameras.yaml" --port "$dashboard_port" --duration "${minutes}m" \
  --stats-json "$out/stats.json" >"$out/monitor.log" 2>&1 &
monitor_pid=$!
api="http://127.0.0.1:$dashboard_port"

printf 'seconds\tcpu_s\trss_mb\theap_mb\tthreads\tfds\tevents\tlatency_p95_ms\tfps_in\tfps_detected\n' >"$out/samples.tsv"
sample() {
  local cpu
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.0f", ($14 + $15) / hz}' "/proc/$monitor_pid/stat" 2>/dev/null || echo NA)
  curl -sf "$api/metrics" | /usr/bin/python3 -c '
import sys, re
rows = {}
for line in sys.stdin:
    if line.startswith("#"): continue
    name, _, value = line.rpartition(" ")
    rows[name] = float(value)
def total(prefix): return sum(v for k, v in rows.items() if k.startswith(prefix))
def per(prefix): return ",".join("%.0f" % v for k, v in sorted(rows.items()) if k.startswith(prefix))
print("\t".join([sys.argv[1], sys.argv[2], "%.0f" % (rows.get("vigia_process_resident_bytes", 0) / 1e6),
    "%.0f" % (total("jvm_memory_used_bytes{area=\"heap\"") / 1e6), "%.0f" % rows.get("jvm_threads_live_threads", 0),
    "%.0f" % rows.get("process_files_open_files", 0), "%.0f" % rows.get("vigia_events_published_total", 0),
    ",".join("%.0f" % v for k, v in sorted(rows.items()) if k.startswith("vigia_camera_latency_ms") and "0.95" in k),
    ",".join("%.1f" % v for k, v in sorted(rows.items()) if k.startswith("vigia_camera_fps_in")),
    ",".join("%.1f" % v for k, v in sorted(rows.items()) if k.startswith("vigia_camera_fps_detected"))]))
' "$(elapsed)" "$cpu" >>"$out/samples.tsv" || true
}
declare -A online
watch_cameras() {
  local state name seen
  state=$(curl -sf "$api/api/cameras" | /usr/bin/python3 -c '
import json, sys
for c in json.load(sys.stdin): print(c["name"], "online" if c["health"]["connected"] else "offline")' 2>/dev/null) || return 0
  while read -r name seen; do
    [ -n "$name" ] || continue
    if [ "${online[$name]:-}" != "$seen" ]; then
      printf '%s\t%s\t%s\n' "$(elapsed)" "$name" "$seen" >>"$out/transitions.tsv"
      online[$name]=$seen
    fi
  done <<<"$state"
}

cycle=0
next_fault=$fault_every
next_sample=20
end=$(( minutes * 60 ))
while kill -0 "$monitor_pid" 2>/dev/null; do
  now=$(elapsed)
  watch_cameras
  if [ "$now" -ge "$next_sample" ]; then sample; next_sample=$(( next_sample + 30 )); fi
  if [ "$fault_every" -gt 0 ] && [ "$now" -ge "$next_fault" ] && [ "$now" -lt $(( end - 120 )) ]; then
    run_fault $(( cycle % cameras )) "$cycle" &
    cycle=$(( cycle + 1 ))
    next_fault=$(( next_fault + fault_every ))
  fi
  sleep 2
done
wait "$monitor_pid" || echo "soak: the monitor exited with $?" >&2
date +%s.%N >"$out/monitor.end"

echo "samples (first, middle, last):"
rows=$(( $(wc -l <"$out/samples.tsv") - 1 ))
sed -n "1p;2p;$(( rows / 2 + 1 ))p;$(( rows + 1 ))p" "$out/samples.tsv" | column -t
echo "faults and recoveries (seconds from the fault to the camera online again):"
/usr/bin/python3 - "$out" <<'PY'
import sys, os
out = sys.argv[1]
faults = [l.rstrip("\n").split("\t") for l in open(os.path.join(out, "faults.tsv"))] if os.path.exists(os.path.join(out, "faults.tsv")) else []
moves = [l.rstrip("\n").split("\t") for l in open(os.path.join(out, "transitions.tsv"))]
unrecovered = 0
for t, cam, what in faults:
    if what.startswith(("restarted", "thaw")):
        continue
    t = int(t)
    went = [int(s) for s, c, state in moves if c == cam and state == "offline" and int(s) >= t]
    if not went:
        print(f"  {t:>5} s  {cam}  {what:<22} no outage seen (reconnected within the 5 s health window)")
        continue
    # Back means online and staying so for 10 s (a last buffered frame can arrive during an outage).
    def stays(i):
        later = [int(s) for s, c, state in moves[i + 1:] if c == cam]
        return not later or later[0] - int(moves[i][0]) >= 10
    back = [int(s) for i, (s, c, state) in enumerate(moves) if c == cam and state == "online" and int(s) > went[0] and stays(i)]
    if back:
        print(f"  {t:>5} s  {cam}  {what:<22} offline at +{went[0] - t} s, back after {back[0] - t} s")
    else:
        print(f"  {t:>5} s  {cam}  {what:<22} NOT RECOVERED"); unrecovered += 1
print(f"outages not recovered: {unrecovered}")
PY
echo "frames per second, per camera, over the run (in from the camera; through every stage):"
/usr/bin/python3 - "$out/stats.json" "$minutes" <<'PY'
import json, sys
stats = json.load(open(sys.argv[1]))
for name, source in stats.get("sources", {}).items():
    print(f"  {name}: {source.get('frames_in', 0) / source.get('seconds', 1):.1f} in, {source.get('fps', 0):.1f} processed")
PY
# The last sample the monitor answered (one taken as it stops reads NA).
last=$(awk -F'\t' 'NR > 1 && $2 ~ /^[0-9]+$/' "$out/samples.tsv" | tail -1)
echo "CPU: $(echo "$last" | cut -f2) s over $(echo "$last" | cut -f1) s for $cameras cameras ($(echo "$last" | awk -v n="$cameras" '{printf "%.0f", 100 * $2 / $1 / n}') % of one core per camera)"
grep -E "frames in|latency" "$out/monitor.log" | tail -2
if [ -n "$quiet_set" ]; then
  echo "quiet cameras (motion gating: $([ "$motion" = 1 ] && echo on || echo off)):"
  /usr/bin/python3 "$here/quiet_recall.py" "$out" | tee "$out/recall.txt"
fi
