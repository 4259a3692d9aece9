#!/usr/bin/env bash
# The capacity of `vigia monitor` on quiet cameras without test servers: each camera of a quiet set
# (written by `vigia scenes quiet`) is read from its video file (`mode: file` with `start_time`, so
# event times are the start plus the frame's position), paced by the monitor at the video's own
# rate, lossless: a monitor that cannot keep up falls behind rather than dropping frames. The RTSP
# soak (monitor-soak.sh with QUIET_SET) also pays for one x264 encoder per camera on the same
# cores (at 16 cameras most of a core); this run measures the product alone.
#
#   app/soak/quiet-files.sh SET CAMERAS MOTION OUT [MINUTES] [DETECT_FPS]
#
# MOTION=1 gates detection by motion, MOTION=0 detects at detect_fps on every camera (the
# detect-everything run; give it more MINUTES on a small machine, it catches up). DETECT_BUDGET=N
# sets the budget (detections a second) instead of auto, for runs compared side by side: the auto
# budget is measured from the detector's speed in each run, which moved 14.4-17.1/s between runs. The run's
# window is the video seconds every camera was processed up to. Then, as for the soak:
#   app/soak/quiet_recall.py OUT              recall against the expected events
#   app/soak/quiet_recall.py GATED_OUT ALL_OUT   also against the detect-everything run
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
[ $# -ge 4 ] || { echo "usage: quiet-files.sh SET CAMERAS MOTION OUT [MINUTES] [DETECT_FPS]" >&2; exit 2; }
set_dir="$(cd "$1" && pwd)"; cameras=$2; motion=$3; out=$4; minutes="${5:-3}"; detect_fps="${6:-5}"
for n in "$cameras" "$minutes" "$detect_fps"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "quiet-files: CAMERAS, MINUTES and DETECT_FPS are whole numbers, got '$n'" >&2; exit 2; }
done
[[ "$motion" =~ ^[01]$ ]] || { echo "quiet-files: MOTION is 1 (gated) or 0 (detect everything), got '$motion'" >&2; exit 2; }
folders=("$set_dir"/cam*/)
[ -f "${folders[0]}video.mp4" ] || { echo "quiet-files: no cam*/video.mp4 under $set_dir; make them with vigia scenes quiet --out $set_dir" >&2; exit 2; }
rm -rf "$out"; mkdir -p "$out"; out="$(cd "$out" && pwd)"
# Today at midnight: recent enough that retention keeps every event and clip of the run.
start_iso=$(date -u +%Y-%m-%dT00:00:00Z)
start=$(date -u -d "$start_iso" +%s)
{
  if [ "$motion" = 1 ]; then echo "motion: {enabled: true}"; fi
  if [ -n "${DETECT_BUDGET:-}" ]; then echo "detect_budget: $DETECT_BUDGET"; fi
  echo "cameras:"
  for ((i = 0; i < cameras; i++)); do
    folder="${folders[$((i % ${#folders[@]}))]%/}"
    printf '  - name: cam%s\n    url: %s/video.mp4\n    mode: file\n    start_time: "%s"\n    detect_fps: %s\n' \
      "$i" "$folder" "$start_iso" "$detect_fps"
    /usr/bin/python3 "$here/quiet_recall.py" --yaml "$folder"
    printf 'cam%s\t%s\n' "$i" "$folder" >>"$out/quiet-cameras.tsv"
    # quiet_recall.py maps video seconds to times through each camera's played positions: here
    # the video's second s is the time start + s, and every camera is online from the start.
    seconds=$(awk -F= '/^seqLength/{n=$2} /^frameRate/{r=$2} END{print int(n / r)}' "$folder/seqinfo.ini")
    awk -v s="$start" -v n="$seconds" 'BEGIN{for (p = 0; p <= n; p++) printf "%.3f %.3f\n", s + p, p}' >"$out/server-$i.positions"
    printf '0\tcam%s\tonline\n' "$i" >>"$out/transitions.tsv"
  done
  echo "events: {dir: events}"
  echo "recordings: {dir: clips, pre_capture: 2, post_capture: 2, retain_days: 1, max_gb: 0.5}"
} >"$out/cameras.yaml"
echo "$start" >"$out/t0"; echo "$start" >"$out/monitor.start"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$repo/vigia" monitor --config "$out/cameras.yaml" --port "$port" --duration "${minutes}m" --stats-json "$out/stats.json" \
  >"$out/monitor.log" 2>"$out/monitor.err"
/usr/bin/python3 - "$out" "$start" <<'PY'
import json, os, sys
out, start = sys.argv[1], float(sys.argv[2])
stats = json.load(open(out + "/stats.json"))
media = float("inf")
with open(out + "/quiet-cameras.tsv") as cameras:
    for line in cameras:
        camera, folder = line.rstrip("\n").split("\t")
        with open(os.path.join(folder, "seqinfo.ini")) as f:
            rate = float(next(l.split("=", 1)[1] for l in f if l.startswith("frameRate=")))
        # The window ends where the slowest camera got to in its video.
        media = min(media, stats["sources"].get(camera, {}).get("frames_out", 0) / rate)
open(out + "/monitor.end", "w").write("%.3f\n" % (start + media))
print("video seconds processed by every camera: %.1f; fps %.1f; detections/s %.2f" % (
    media, stats.get("fps", 0), stats.get("motion", {}).get("detections_per_second", float("nan"))))
PY
