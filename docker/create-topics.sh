#!/bin/sh
# Creates the FerStream topics with the settings of DESIGN.md ("Topics"). Idempotent: existing
# topics are left as they are (partitions can only be added later, with kafka-topics.sh --alter).
# Runs in the apache/kafka image as the compose `topics` one-shot, and against any cluster:
#   BOOTSTRAP_SERVERS=broker1:9092 REPLICATION_FACTOR=3 MIN_INSYNC_REPLICAS=2 sh create-topics.sh
# On a secured cluster, put the client settings (security.protocol, sasl.*, ssl.*) in a file and
# set COMMAND_CONFIG=/path/to/client.properties.
set -eu

BOOTSTRAP_SERVERS="${BOOTSTRAP_SERVERS:-kafka:19092}"
REPLICATION_FACTOR="${REPLICATION_FACTOR:-1}"
MIN_INSYNC_REPLICAS="${MIN_INSYNC_REPLICAS:-1}"
FRAME_PARTITIONS="${FRAME_PARTITIONS:-8}"
EVENT_PARTITIONS="${EVENT_PARTITIONS:-4}"
FRAME_RETENTION_MS="${FRAME_RETENTION_MS:-600000}"
EVENT_RETENTION_MS="${EVENT_RETENTION_MS:-604800000}"
KAFKA_TOPICS="${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}"
STATUS_TOPIC="${STATUS_TOPIC:-frames.camera-status}"

# Topics.MAX_FRAME_BYTES (8 MiB) plus 64 KiB for the record's other fields and batch overhead.
FRAME_MAX_MESSAGE_BYTES=$((8 * 1024 * 1024 + 64 * 1024))

topics() {
  if [ -n "${COMMAND_CONFIG:-}" ]; then
    "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP_SERVERS" --command-config "$COMMAND_CONFIG" "$@"
  else
    "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP_SERVERS" "$@"
  fi
}

# create NAME PARTITIONS [--config k=v ...]
create() {
  name="$1"; partitions="$2"; shift 2
  echo "creating $name: $partitions partitions, replication factor $REPLICATION_FACTOR $*"
  topics --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor "$REPLICATION_FACTOR" \
    --config "min.insync.replicas=$MIN_INSYNC_REPLICAS" "$@"
}

# Frames: large records, short retention (frames are transient; the processor skips stale frames
# in live mode anyway). Partitions of `frames` bound the processor's parallelism; keep frames.raw
# at the same count so a camera's frames stay in one partition end to end.
# frames.raw: the broker stamps each record with the time it entered Kafka (LogAppendTime); the
# gate keeps that timestamp on what it forwards to frames, and freshness is judged against it.
create frames.raw "$FRAME_PARTITIONS" \
  --config "max.message.bytes=$FRAME_MAX_MESSAGE_BYTES" \
  --config "retention.ms=$FRAME_RETENTION_MS" --config cleanup.policy=delete \
  --config message.timestamp.type=LogAppendTime
create frames "$FRAME_PARTITIONS" \
  --config "max.message.bytes=$FRAME_MAX_MESSAGE_BYTES" \
  --config "retention.ms=$FRAME_RETENTION_MS" --config cleanup.policy=delete

# Dead letters, events and minute summaries: small records (never pixels), kept a week by default.
create frames.dlq "$EVENT_PARTITIONS" \
  --config "retention.ms=$EVENT_RETENTION_MS" --config cleanup.policy=delete
create expression-events "$EVENT_PARTITIONS" \
  --config "retention.ms=$EVENT_RETENTION_MS" --config cleanup.policy=delete
create expression-summaries "$EVENT_PARTITIONS" \
  --config "retention.ms=$EVENT_RETENTION_MS" --config cleanup.policy=delete

# The frame gate's per-camera status: the latest value per camera, compacted.
create "$STATUS_TOPIC" "$EVENT_PARTITIONS" --config cleanup.policy=compact

topics --list
