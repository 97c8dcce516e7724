#!/usr/bin/env bash
# Runs the shaded job jar on a real standalone Flink session cluster, the way operators run it:
# JobManager, TaskManager and the `flink run` client are separate JVMs, Flink is on their class
# path and the job's code comes only from the jar (Flink's child-first user class loader).
#
# No Flink distribution or Docker engine is available where FerStream is built, and the
# flink-dist artifact is not served by the registries we reach, so the cluster is assembled from
# Flink's own jars on Maven Central (cluster-check/pom.xml) and started with Flink's entry points
# and memory calculator (BashJavaUtils), as bin/jobmanager.sh and bin/taskmanager.sh do.
#
# What it checks (check_events.py):
#   1. submitted with `flink run -d`, the job runs, shares one ONNX session per model across the
#      TaskManager's slots, turns real face frames from two cameras into committed events, and
#      sends two poison records to frames.dlq with their reasons and coordinates;
#   2. `flink stop --savepointPath`, then `flink run -s`: state comes back (the tracks of a camera
#      that sends nothing after the restore are ended by their timers) and no event is emitted
#      twice.
#
# A developer check, not part of `mvn verify` (it takes about 3 minutes and fixed ports).
# Usage: it-tests/cluster-check/run.sh            (SKIP_BUILD=1 to use the jars already built)
# Needs: JDK 17, Maven, python3-confluent-kafka and python3-avro (as .ci/run installs).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d /tmp/ferstream-cluster-check.XXXXXX)"
registry_port="${REGISTRY_PORT:-8086}"
rest_port="${REST_PORT:-8082}"
registry="http://127.0.0.1:${registry_port}"
rest="http://localhost:${rest_port}"
mkdir -p "$work/conf" "$work/logs"
pids=()

log() { printf '[cluster-check] %s\n' "$*"; }
fail() { log "FAILED: $*"; log "logs: $work/logs"; exit 1; }

cleanup() {
  local rc=$?
  # TERM: the TaskManager and JobManager shut down, and the stack stops in order (StopSignals).
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$rc" -eq 0 ]; then rm -rf "$work"; else log "kept $work for its logs"; fi
}
trap cleanup EXIT

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2; shift 2
  for _ in $(seq "$seconds"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  fail "timed out after ${seconds}s waiting for $what"
}

root_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -n 1; }

cd "$root"
job_jar="$(ls processor/job/target/ferstream-processor-*-job.jar 2>/dev/null || true)"
camera_jar="$(ls ingest/target/ferstream-ingest-*-all.jar 2>/dev/null || true)"
stack_cp=it-tests/dev-stack/target/stack.classpath
if [ -z "${SKIP_BUILD:-}" ] || [ -z "$job_jar" ] || [ -z "$camera_jar" ] || [ ! -f "$stack_cp" ]; then
  log "building the job and camera jars and the dev stack"
  # One reactor: the stack's class path points at the jars just built, never at stale snapshots in ~/.m2.
  mvn -B -q -DskipTests package dependency:build-classpath -pl it-tests/dev-stack -am \
    -Dmdep.outputFile=target/stack.classpath -Dmdep.includeScope=runtime
  job_jar="$(ls processor/job/target/ferstream-processor-*-job.jar)"
  camera_jar="$(ls ingest/target/ferstream-ingest-*-all.jar)"
fi

log "fetching Flink $(root_property flink.version)'s jars into $work/lib"
mvn -B -q -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$work/lib" \
  -Dflink.version="$(root_property flink.version)" -Dlog4j.version="$(root_property log4j.version)" \
  -Dslf4j.version="$(root_property slf4j.version)"
read -ra opens <<< "$(root_property ferstream.jvm.opens)"
sed "s/port: 8082/port: ${rest_port}/" "$here/config.yaml" > "$work/conf/config.yaml"
cp "$here/log4j.properties" "$work/conf/"
flink_cp="$work/lib/*"
logging=(-Dlog4j.configurationFile="$work/conf/log4j.properties")

log "starting the broker and the schema registry ($registry)"
java "${opens[@]}" -cp "it-tests/dev-stack/target/classes:$(cat "$stack_cp")" \
  io.ferstream.stack.LocalStack --registry-port "$registry_port" > "$work/logs/stack.out" 2>&1 &
pids+=($!)
wait_for 120 "the local stack" grep -q "Press Ctrl-C" "$work/logs/stack.out"
bootstrap="$(sed -n 's/^Kafka bootstrap servers: *//p' "$work/logs/stack.out")"

# The JVM options and memory settings Flink's own start scripts compute.
resource_params() {
  java -cp "$flink_cp" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$work/conf" 2>/dev/null \
    | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}
start_flink() {  # start_flink NAME PARAMS_KIND MAIN_CLASS
  local params jvm dynamic
  params="$(resource_params "$2")"
  read -ra jvm <<< "$(sed -n 1p <<< "$params")"
  read -ra dynamic <<< "$(sed -n 2p <<< "$params")"
  java "${jvm[@]}" "${opens[@]}" "${logging[@]}" -Dlog.file="$work/logs/$1.log" -cp "$flink_cp" "$3" \
    --configDir "$work/conf" "${dynamic[@]}" > "$work/logs/$1.out" 2>&1 &
  pids+=($!)
}
log "starting a Flink session cluster: JobManager, TaskManager with 2 slots (web UI $rest)"
start_flink jobmanager GET_JM_RESOURCE_PARAMS org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
start_flink taskmanager GET_TM_RESOURCE_PARAMS org.apache.flink.runtime.taskexecutor.TaskManagerRunner
wait_for 120 "a registered TaskManager" sh -c "curl -sf $rest/overview | grep -q '\"taskmanagers\":1'"

flink() {
  FLINK_CONF_DIR="$work/conf" java "${opens[@]}" "${logging[@]}" -Dlog.file="$work/logs/client.log" \
    -cp "$flink_cp" org.apache.flink.client.cli.CliFrontend "$@"
}
# The silent camera's tracks end once the other camera's time has passed them by tracking.max-age
# plus tracking.max-camera-skew: 2 s here, so within the 12 s door-1 goes on after the restore.
cat > "$work/job.properties" <<EOF
mode=replay
checkpoint.interval=5s
sink.transactional-id-prefix=ferstream-cluster-check
tracking.max-camera-skew=2s
EOF
submit() {  # submit [flink run options...]; prints the job id
  flink run -d "$@" -c io.ferstream.processor.job.FerStreamJobMain "$job_jar" \
    --config "$work/job.properties" --kafka.bootstrap.servers "$bootstrap" --schema.registry.url "$registry" \
    --models.dir "$root/models" --parallelism 2 | sed -n 's/^Job has been submitted with JobID //p'
}
job_running() {
  curl -sf "$rest/jobs/$1" | python3 -c '
import json, sys
job = json.load(sys.stdin)
sys.exit(0 if job["state"] == "RUNNING" and all(v["status"] == "RUNNING" for v in job["vertices"]) else 1)'
}
camera() {  # camera ID SECONDS: the fixture photos as a 5 fps stream, in real time
  timeout -s INT "$2" java -jar "$camera_jar" --camera-id "$1" --topic frames --loop --fps 5 \
    --image-interval 200ms --no-progress --bootstrap-servers "$bootstrap" --registry-url "$registry" \
    "models/fixtures/sample*.jpg" > "$work/logs/camera-$1.out" 2>&1 || true
  tail -n 1 "$work/logs/camera-$1.out"
}

log "flink run -d $job_jar"
job="$(submit)"
[ -n "$job" ] || fail "flink run did not print a job id (see $work/logs/client.log)"
wait_for 120 "job $job and all its tasks RUNNING" job_running "$job"

log "two cameras for 20 s, and two poison records on frames"
camera door-1 20 & cameras=($!)
camera lobby-2 20 & cameras+=($!)
sleep 3
/usr/bin/python3 - "$bootstrap" <<'EOF'
import sys
from confluent_kafka import Producer
producer = Producer({"bootstrap.servers": sys.argv[1]})
producer.produce("frames", key=b"door-1", value=b"not an avro record")       # wrong magic byte
producer.produce("frames", key=b"lobby-2", value=b"\x00\x00\x00\x00\x63xyz")  # unknown schema id 99
sys.exit(producer.flush(10))
EOF
wait "${cameras[@]}"
sleep 15  # two checkpoint intervals and the tracks' maxAge
grep "SharedSessions" "$work/logs/taskmanager.log" | sed 's/^/  /'
log "committed output after the first run"
/usr/bin/python3 "$here/check_events.py" "$bootstrap" "$registry" first || fail "first run"

log "flink stop --savepointPath; flink run -s"
savepoint="$(flink stop --savepointPath "file://$work/savepoints" "$job" | sed -n 's/^Savepoint completed. Path: //p')"
[ -n "$savepoint" ] || fail "no savepoint (see $work/logs/client.log)"
log "savepoint $savepoint"
job="$(submit -s "$savepoint")"
[ -n "$job" ] || fail "flink run -s did not print a job id"
wait_for 120 "restored job $job RUNNING" job_running "$job"
log "door-1 for 12 s more; lobby-2 stays silent"
camera door-1 12
sleep 15
log "committed output after the restore"
/usr/bin/python3 "$here/check_events.py" "$bootstrap" "$registry" restored lobby-2 || fail "restore"
log "passed"
