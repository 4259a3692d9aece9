#!/usr/bin/env bash
# The Kafka cluster of monitors on this machine: a KRaft broker (Apache Kafka's own, from Maven
# Central), CAMERAS looping RTSP cameras, WORKERS `vigia monitor --kafka` workers and one
# `vigia aggregate`, for MINUTES. A third of the way in one worker is killed with SIGKILL; at two
# thirds a camera is added and one removed. Prints a timeline of which worker runs which camera
# (from vigia.status) with the outages, the takeover time after the kill, events per second
# through the broker and how far the counts lag behind the events when the run ends.
#
#   app/soak/cluster-demo.sh [MINUTES] [WORKERS] [CAMERAS] [OUT_DIR]   (defaults: 6, 3, 6, target/cluster-demo)
#
# Needs a built tree (`mvn -B install -DskipTests`), what .ci/run installs (GStreamer RTSP server,
# python3-gi) and npm for the first model pull.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
minutes="${1:-6}"
workers="${2:-3}"
cameras="${3:-6}"
out="$(mkdir -p "${4:-$repo/target/cluster-demo}" && cd "${4:-$repo/target/cluster-demo}" && pwd)"
rm -rf "$out"/*
"$repo/vigia" samples pull >/dev/null
video="${VIGIA_HOME:-$HOME/.cache/vigia}/samples/vtest.avi"
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
(cd "$repo" && mvn -B -q -o dependency:build-classpath -pl app -Dmdep.includeScope=test -Dmdep.outputFile="$out/cp.txt" >/dev/null)
cp="$(cat "$out/cp.txt"):$repo/app/target/vigia.jar"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

port=$(free_port); controller=$(free_port)
cat >"$out/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$out/kafka-logs
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
java -cp "$cp" kafka.tools.StorageTool format -t "$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)" \
  -c "$out/server.properties" >"$out/format.log" 2>&1
java -Xmx512m -cp "$cp" kafka.Kafka "$out/server.properties" >"$out/broker.log" 2>&1 & pids+=($!)
for _ in $(seq 120); do (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.5; done
bootstrap="127.0.0.1:$port"
echo "demo: broker at $bootstrap"

echo "cameras:" >"$out/cameras.yaml"
for i in $(seq 1 $((cameras + 1))); do
  p=$(free_port)
  /usr/bin/python3 "$here/looping_rtsp_server.py" "$p" "$video" 384x288 10 >"$out/rtsp-$i.log" 2>&1 & pids+=($!)
  printf '  - name: cam%d\n    url: rtsp://127.0.0.1:%d/test\n    detect_fps: 1\n    lines:\n      - name: middle\n        points: [[0.52, 0.73], [0.52, 0.21]]\n' "$i" "$p" >>"$out/cameras.yaml"
done
sleep 2
names=$(seq -f 'cam%g' 1 "$cameras" | tr '\n' ' ')
"$repo/vigia" cameras add --kafka "$bootstrap" --config "$out/cameras.yaml" $names >/dev/null
start=$(date +%s)
declare -a worker_pids
for w in $(seq 1 "$workers"); do
  echo "events: {dir: events-w$w}" >"$out/w$w.yaml"
  TF_CPP_MIN_LOG_LEVEL=2 java -Dai.djl.offline=true -jar "$repo/app/target/vigia.jar" monitor --kafka "$bootstrap" --group demo \
    --worker-id "w$w" --no-dashboard --config "$out/w$w.yaml" --session-timeout 6s >"$out/w$w.log" 2>&1 &
  worker_pids[$w]=$!; pids+=($!)
done
java -Dai.djl.offline=true -jar "$repo/app/target/vigia.jar" aggregate --kafka "$bootstrap" --window 1m --hop 20s --grace 30s \
  --port 0 --state-dir "$out/aggregate-state" >"$out/aggregate.log" 2>&1 & pids+=($!)

total=$((minutes * 60))
sleep $((total / 3))
killed=$(date +%s.%N)
echo "$start $killed" >"$out/times"
echo "demo: t=$(( $(date +%s) - start )) s: kill -9 worker w1"
kill -9 "${worker_pids[1]}"
sleep $((total / 3))
echo "demo: t=$(( $(date +%s) - start )) s: add cam$((cameras + 1)), remove cam1"
"$repo/vigia" cameras add --kafka "$bootstrap" --config "$out/cameras.yaml" "cam$((cameras + 1))" >/dev/null
"$repo/vigia" cameras remove --kafka "$bootstrap" cam1 >/dev/null
sleep $((total - 2 * (total / 3)))

# Each topic read from the start, committed records only: "CreateTime:MS<TAB>key<TAB>value" per line.
cat >"$out/Dump.java" <<'JAVA'
import java.time.Duration;
import java.util.*;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
public class Dump {
  public static void main(String[] a) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, a[0]);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      c.partitionsFor(a[1], Duration.ofSeconds(10)).forEach(i -> parts.add(new TopicPartition(a[1], i.partition())));
      c.assign(parts); c.seekToBeginning(parts);
      Map<TopicPartition, Long> ends = c.endOffsets(parts);
      while (parts.stream().anyMatch(t -> c.position(t) < ends.get(t))) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
          System.out.println("CreateTime:" + r.timestamp() + "\t" + r.key() + "\t" + r.value());
        }
      }
    }
  }
}
JAVA
dump() { java -cp "$cp" "$out/Dump.java" "$bootstrap" "$1" >"$out/$1.tsv" 2>/dev/null || true; }
dump vigia.status; dump vigia.events; dump vigia.counts
/usr/bin/python3 - "$out" "$start" "$killed" "$cameras" <<'PY'
import json, sys, collections
out, start, killed, cameras = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
def rows(topic):
    for line in open(f"{out}/{topic}.tsv"):
        parts = line.rstrip("\n").split("\t", 2)
        if len(parts) == 3 and parts[0].startswith("CreateTime:"):
            yield int(parts[0][11:]) / 1000, parts[1], parts[2]
status = sorted(((json.loads(v)["time"], json.loads(v)) for _, _, v in rows("vigia.status")), key=lambda row: row[0])
owner, last_seen, timeline = {}, {}, []
for t, s in status:
    cam, worker = s["camera"], s["worker"]
    if s["running"] and owner.get(cam) != worker:
        gap = t - last_seen[cam] if cam in last_seen else None
        timeline.append((t, f"{cam} runs on {worker}" + (f" (outage {gap:.1f} s)" if gap and gap > 4 else "")))
        owner[cam] = worker
    elif not s["running"] and owner.get(cam) == worker:
        timeline.append((t, f"{cam} stopped on {worker}")); owner.pop(cam)
    if s["running"]:
        last_seen[cam] = t
print("timeline (s from start):")
for t, what in timeline:
    print(f"  {t - start:7.1f}  {what}")
after = {}
originals = {f"cam{i}" for i in range(1, cameras + 1)}
for t, s in status:
    if t > killed and s["running"] and s["worker"] != "w1" and s["camera"] in originals:
        after.setdefault(s["camera"], t)
back = max(after.values()) - killed if len(after) == cameras else None
print(f"takeover after the SIGKILL of w1: {back:.1f} s until every camera ran on the survivors" if back
      else "takeover: not every camera came back")
events = list(rows("vigia.events"))
if len(events) > 1:
    span = events[-1][0] - events[0][0]
    print(f"events through the broker: {len(events)} in {span:.0f} s = {len(events) / max(span, 1):.2f} per second")
# End-to-end lag of the counts: from a counted event reaching the broker to the first committed
# counts record of its tumbling window written after it.
counts = collections.defaultdict(list)
for t, key, _ in rows("vigia.counts"):
    counts[key].append(t)
lags = []
for t, _, value in events:
    e = json.loads(value)
    if e.get("reason") == "line_crossed":
        key = "|".join(["tumbling", e["camera"], "line", e["line"], e["label"], e["direction"]])
    elif e.get("reason") == "zone_entered":
        key = "|".join(["tumbling", e["camera"], "zone", e["zone"], e["label"], "entered"])
    else:
        continue
    key += "|" + str(int(e["time"] * 1000) // 60000 * 60000)
    later = [c for c in counts.get(key, []) if c >= t]
    if later:
        lags.append(later[0] - t)
if lags:
    lags.sort()
    print(f"counts' end-to-end lag over {len(lags)} counted events: median {lags[len(lags) // 2]:.2f} s, max {lags[-1]:.2f} s")
PY
