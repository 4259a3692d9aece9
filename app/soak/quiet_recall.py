#!/usr/bin/python3
"""Event recall of a monitor soak run on quiet cameras (monitor-soak.sh with QUIET_SET).

Usage:
  quiet_recall.py OUT                  recall against the expected events of each camera
  quiet_recall.py GATED_OUT ALL_OUT    also: of the events the detect-everything run (MOTION=0) found,
                                       the share the gated run (MOTION=1) found too
  quiet_recall.py --yaml CAMERA_DIR    the camera's lines: and zones: for cameras.yaml (used by the soak)

Each camera's server logs where in its video it is about once a second (OUT/server-I.positions:
epoch seconds and video seconds; the video loops, and a loaded machine plays it late), so every
second of video played maps to the time it was served. An expected event (counts.json: line
crossings with their direction, zone entries) played while the camera was watched is found when
the monitor published the same kind (line and direction, or zone) on that camera from TOLERANCE
seconds before to TOLERANCE + LATE seconds after it was served (events are stamped when processed),
each published event matching at most one, the nearest first. Seconds played before
the camera first came online (transitions.tsv) plus WARMUP, or in the last TOLERANCE + LATE
seconds of the run, are not counted: the camera was still connecting or the run was ending.
It also prints the delay from each appearance (appearances.json: half the person in view) to the
first 'new' event of the monitor on that camera at or after it, within the appearance: how soon
an object's track was confirmed, an upper bound of the first detection's delay.
"""
import json
import os
import sys

TOLERANCE = 3.0
# The monitor stamps an event when it has processed the frame: a loaded machine publishes it seconds after it was served.
LATE = 12.0
WARMUP = 10.0


def read_floats(path):
    with open(path) as f:
        return [float(line) for line in f if line.strip()]


def seqinfo(folder):
    info = {}
    with open(os.path.join(folder, "seqinfo.ini")) as f:
        for line in f:
            if "=" in line:
                key, value = line.strip().split("=", 1)
                info[key] = value
    return float(info["frameRate"]), int(info["seqLength"]), int(info["imWidth"]), int(info["imHeight"])


def yaml_for(folder):
    _, _, width, height = seqinfo(folder)
    with open(os.path.join(folder, "counts.json")) as f:
        counts = json.load(f)

    def points(option):
        values = [float(v) for v in option.split("=", 1)[1].split(",")]
        return "[" + ", ".join("[%.4f, %.4f]" % (values[i] / width, values[i + 1] / height) for i in range(0, len(values), 2)) + "]"

    print("    filters: {classes: [person]}")
    lines = counts.get("lines", {})
    print("    lines: [" + ", ".join("{name: %s, points: %s, min_frames: 2}" % (name, points(line["option"]))
                                  for name, line in lines.items()) + "]")
    zones = counts.get("zones", {})
    print("    zones: [" + ", ".join("{name: %s, points: %s, inertia: 2}" % (name, points(zone["option"]))
                                  for name, zone in zones.items()) + "]")


def playback(out, index):
    """Stretches of steady play: (epoch, position, seconds, loop), from consecutive position lines."""
    path = os.path.join(out, "server-%d.positions" % index)
    points = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2:
                    points.append((float(parts[0]), float(parts[1])))
    stretches = []
    loop = 0
    for (e1, p1), (e2, p2) in zip(points, points[1:]):
        if p2 < p1:
            loop += 1  # the video began again: looped, or the server was restarted
            continue
        # Playing at its speed: a freeze, a stall or a jump is no stretch one can map times over.
        if 0 < e2 - e1 <= 5 and abs((p2 - p1) - (e2 - e1)) <= 1:
            stretches.append((e1, p1, p2 - p1, loop))
    return stretches


def served(stretches, position, since, until):
    """(epoch, loop) of each time the video's second `position` was served between since and until."""
    times = []
    for epoch, start, seconds, loop in stretches:
        if start <= position < start + seconds:
            at = epoch + (position - start)
            if since <= at <= until:
                times.append((at, loop))
    return times


def expected_instances(folder, stretches, since, until):
    """(kind, key, video_seconds, epoch, occurrence) of every expected event served while the camera was watched."""
    fps, _, _, _ = seqinfo(folder)
    with open(os.path.join(folder, "counts.json")) as f:
        counts = json.load(f)
    events = []
    for name, line in counts.get("lines", {}).items():
        for c in line["crossings"]:
            events.append(("line", name + " " + c["direction"], (c["frame"] - 1) / fps, "%s/%s" % (c["id"], c["frame"])))
    for name, zone in counts.get("zones", {}).items():
        for e in zone["entries"]:
            events.append(("zone", name, (e["frame"] - 1) / fps, "%s/%s" % (e["id"], e["frame"])))
    instances = []
    for kind, key, t, ident in events:
        for epoch, loop in served(stretches, t, since, until):
            instances.append((kind, key, t, epoch, "%d.%s" % (loop, ident)))
    return instances


def published(out, camera):
    path = os.path.join(out, "events", "events.jsonl")
    found = []
    news = []
    if not os.path.exists(path):
        return found, news
    with open(path) as f:
        for line in f:
            try:
                e = json.loads(line)
            except ValueError:
                continue
            if e.get("camera") != camera:
                continue
            if e.get("reason") == "line_crossed":
                found.append(("line", e["line"] + " " + e["direction"], e["time"]))
            elif e.get("reason") == "zone_entered":
                found.append(("zone", e["zone"], e["time"]))
            elif e.get("type") == "new":
                news.append(e.get("start_time", e["time"]))
    return found, news


def match(instances, found):
    """The occurrences of the expected instances found, each published event used once."""
    used = set()
    hits = set()
    for kind, key, _, epoch, occurrence in sorted(instances, key=lambda i: i[3]):
        best = None
        for j, (fkind, fkey, ftime) in enumerate(found):
            if j in used or fkind != kind or fkey != key or not -TOLERANCE <= ftime - epoch <= TOLERANCE + LATE:
                continue
            if best is None or abs(ftime - epoch) < abs(found[best][2] - epoch):
                best = j
        if best is not None:
            used.add(best)
            hits.add(occurrence)
    return hits, len(found) - len(used)


def delays(folder, stretches, since, until, news):
    path = os.path.join(folder, "appearances.json")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        appearances = [a for a in json.load(f) if a.get("seen_time") is not None]
    out = []
    used = set()
    for a in appearances:
        for first, loop in served(stretches, a["first_time"], since, until):
            seen = first + a["seen_time"] - a["first_time"]
            last = first + a["last_time"] - a["first_time"]
            if last > until:
                continue
            candidates = [j for j, t in enumerate(news) if j not in used and first - 0.5 <= t <= last]
            if candidates:
                j = min(candidates, key=lambda j: news[j])
                used.add(j)
                out.append(news[j] - seen)
            else:
                out.append(None)
    return out


def evaluate(out):
    run_start = read_floats(os.path.join(out, "monitor.start"))[0]
    run_end = read_floats(os.path.join(out, "monitor.end"))[0]
    result = {}
    with open(os.path.join(out, "quiet-cameras.tsv")) as f:
        cameras = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    stats = {}
    if os.path.exists(os.path.join(out, "stats.json")):
        with open(os.path.join(out, "stats.json")) as f:
            stats = json.load(f).get("sources", {})
    online = {}
    t0 = read_floats(os.path.join(out, "t0"))[0]
    if os.path.exists(os.path.join(out, "transitions.tsv")):
        with open(os.path.join(out, "transitions.tsv")) as f:
            for line in f:
                seconds, camera, state = line.rstrip("\n").split("\t")
                if state == "online" and camera not in online:
                    online[camera] = t0 + float(seconds)
    for index, (camera, folder) in enumerate(cameras):
        stretches = playback(out, index)
        # Never online: nothing was expected of it (and the report says so with 0 expected).
        since = max(run_start, online.get(camera, run_end)) + WARMUP
        until = run_end - TOLERANCE - LATE
        instances = expected_instances(folder, stretches, since, until)
        found, news = published(out, camera)
        hits, extra = match(instances, found)
        result[camera] = {"set": os.path.basename(folder), "expected": {i[4] for i in instances}, "hits": hits, "extra": extra,
                          "delays": delays(folder, stretches, since, until, news), "stats": stats.get(camera, {})}
    return result


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(p / 100 * len(values) + 0.5)) - 1))]


def report(out, baseline=None):
    gated = evaluate(out)
    everything = evaluate(baseline) if baseline else None
    print("camera  set     expected  found  recall  extra  detections/s  motion  new-track delay (median, p95, <=1 s)"
          + ("  all-found  both  recall-vs-all" if everything else ""))
    totals = [0, 0, 0, 0, 0]
    all_delays = []
    for camera, r in gated.items():
        expected, hits = r["expected"], r["hits"]
        motion = r["stats"].get("motion", {})
        seconds = r["stats"].get("seconds", 0) or 1
        detections = motion.get("detections_run", 0)
        d = [x for x in r["delays"] if x is not None]
        all_delays += d
        line = "%-7s %-7s %8d %6d %6.1f%% %6d %13s %6s  %s" % (
            camera, r["set"], len(expected), len(hits), 100 * len(hits) / max(1, len(expected)), r["extra"],
            "%.2f" % (detections / seconds) if motion else "detect_fps",
            ("%.0f%%" % (100 * motion["motion_fraction"])) if motion else "off",
            ("%.1f s, %.1f s, %d/%d" % (percentile(d, 50), percentile(d, 95), sum(1 for x in d if x <= 1), len(r["delays"]))) if d
            else "none of %d" % len(r["delays"]))
        totals[0] += len(expected)
        totals[1] += len(hits)
        if everything and camera in everything:
            base = everything[camera]["hits"] & expected
            both = base & hits
            totals[2] += len(base)
            totals[3] += len(both)
            line += "  %9d %5d %6.1f%%" % (len(base), len(both), 100 * len(both) / max(1, len(base)))
        print(line)
    print("all     %15d %6d %6.1f%%" % (totals[0], totals[1], 100 * totals[1] / max(1, totals[0]))
          + ("   new-track delay median %.1f s, p95 %.1f s, %.0f%% within 1 s" % (
              percentile(all_delays, 50), percentile(all_delays, 95), 100 * sum(1 for x in all_delays if x <= 1) / len(all_delays))
             if all_delays else "")
          + (("; recall against detect-everything %d of %d = %.1f%%" % (totals[3], totals[2], 100 * totals[3] / totals[2])
              if totals[2] else "; the detect-everything run found none of these events") if everything else ""))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--yaml":
        yaml_for(sys.argv[2])
    elif len(sys.argv) in (2, 3):
        report(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else None)
    else:
        sys.exit(__doc__)
