#!/usr/bin/python3
"""Reads what the job on the standalone cluster committed and checks it.

Reads expression-events and frames.dlq from the beginning with read_committed, as any downstream
service must, decoding the Confluent wire format with the schema the registry serves for each id
(python3-avro and python3-confluent-kafka from Debian). Prints a summary; exits 1 if a check fails.

  check_events.py BOOTSTRAP REGISTRY_URL first
      events from both cameras, event ids unique, the two poison records in the dead-letter topic
      with their reasons and coordinates and no image bytes
  check_events.py BOOTSTRAP REGISTRY_URL restored IDLE_CAMERA
      after stop-with-savepoint and a restore: event ids still unique (nothing emitted twice), and
      every track of IDLE_CAMERA, which got no frames after the restore, started once and ended
      once: its open tracks came back from the savepoint and were closed by their timers
"""
import io
import json
import struct
import sys
import urllib.request
import uuid
from collections import Counter, defaultdict

import avro.io
import avro.schema
from confluent_kafka import Consumer

EXPECTED_DEAD_LETTERS = {"UNDECODABLE_RECORD", "UNKNOWN_SCHEMA"}


class WireFormatReader:
    def __init__(self, registry_url):
        self.registry_url = registry_url
        self.readers = {}

    def decode(self, value):
        magic, schema_id = struct.unpack(">bI", value[:5])
        if magic != 0:
            raise ValueError("not the Confluent wire format")
        if schema_id not in self.readers:
            with urllib.request.urlopen(f"{self.registry_url}/schemas/ids/{schema_id}") as response:
                schema = json.load(response)["schema"]
            self.readers[schema_id] = avro.io.DatumReader(avro.schema.parse(schema))
        return self.readers[schema_id].read(avro.io.BinaryDecoder(io.BytesIO(value[5:])))


def read_all(bootstrap, topic, reader, quiet_polls=5):
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": f"cluster-check-{uuid.uuid4()}",  # a fresh group reads from the beginning
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        "isolation.level": "read_committed",
    })
    consumer.subscribe([topic])
    records, quiet = [], 0
    try:
        while quiet < quiet_polls:
            message = consumer.poll(1.0)
            if message is None:
                quiet += 1
            elif message.error():
                raise RuntimeError(str(message.error()))
            else:
                records.append(reader.decode(message.value()))
    finally:
        consumer.close()
    return records


def main():
    bootstrap, registry_url, phase = sys.argv[1:4]
    reader = WireFormatReader(registry_url)
    events = read_all(bootstrap, "expression-events", reader)
    dead_letters = read_all(bootstrap, "frames.dlq", reader)

    per_camera = defaultdict(Counter)
    for event in events:
        per_camera[event["cameraId"]][event["type"]] += 1
    ids_unique = len({e["eventId"] for e in events}) == len(events)
    print(f"  events: {len(events)}; per camera: "
          + "; ".join(f"{c} {dict(t)}" for c, t in sorted(per_camera.items())))
    print(f"  expressions: {dict(Counter(e['expression'] for e in events))}; event ids unique: {ids_unique}")
    for letter in dead_letters:
        print(f"  dead letter: {letter['reason']} at {letter['sourceTopic']}/{letter['sourcePartition']}"
              f"@{letter['sourceOffset']} camera {letter['cameraId']}")

    failures = []
    if not ids_unique:
        failures.append("an event id occurs twice")
    if phase == "first":
        if len(per_camera) < 2 or any(t["TRACK_STARTED"] == 0 for t in per_camera.values()):
            failures.append("expected TRACK_STARTED events from both cameras")
        reasons = {letter["reason"] for letter in dead_letters}
        if reasons != EXPECTED_DEAD_LETTERS or len(dead_letters) != 2:
            failures.append(f"expected dead letters {sorted(EXPECTED_DEAD_LETTERS)}, got {sorted(reasons)}")
        if any(letter["sourceOffset"] is None for letter in dead_letters):
            failures.append("a dead letter lacks its source coordinates")
        if any(isinstance(v, (bytes, bytearray)) for letter in dead_letters for v in letter.values()):
            failures.append("a dead letter carries bytes")
    elif phase == "restored":
        idle = per_camera[sys.argv[4]]
        if idle["TRACK_STARTED"] == 0 or idle["TRACK_STARTED"] != idle["TRACK_ENDED"]:
            failures.append(f"camera {sys.argv[4]}: {idle['TRACK_STARTED']} tracks started, "
                            f"{idle['TRACK_ENDED']} ended; expected each started track ended once")
    else:
        failures.append(f"unknown phase {phase}")

    for failure in failures:
        print(f"  FAILED: {failure}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
