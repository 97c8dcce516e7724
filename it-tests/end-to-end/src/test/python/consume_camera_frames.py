"""Consumes CameraFrame records with Confluent's own Python client and prints one JSON line each.

Usage: consume_camera_frames.py BOOTSTRAP REGISTRY_URL TOPIC COUNT

Interop check for FerStream: the Java AvroSerializer wrote the records; the Python AvroConsumer
fetches the writer schema from FerStream's registry by id and decodes them. Image bytes are
summarised (length, sha256), never printed.
"""
import datetime
import hashlib
import json
import sys
import time
import uuid

from confluent_kafka.avro import AvroConsumer


def millis(value):
    if isinstance(value, datetime.datetime):
        return int(value.timestamp() * 1000)
    return value


def main(bootstrap, registry_url, topic, count):
    consumer = AvroConsumer({
        "bootstrap.servers": bootstrap,
        "schema.registry.url": registry_url,
        "group.id": "python-interop-" + uuid.uuid4().hex,
        "auto.offset.reset": "earliest",
    })
    consumer.subscribe([topic])
    seen = 0
    deadline = time.time() + 60
    try:
        while seen < count and time.time() < deadline:
            message = consumer.poll(1.0)
            if message is None:
                continue
            if message.error():
                sys.exit("consumer error: %s" % message.error())
            value = message.value()
            image = value["image"]
            print(json.dumps({
                "cameraId": value["cameraId"],
                "sequence": value["sequence"],
                "captureTime": millis(value["captureTime"]),
                "width": value["width"],
                "height": value["height"],
                "encoding": value["encoding"],
                "imageLength": len(image),
                "imageSha256": hashlib.sha256(image).hexdigest(),
                "sourceUri": (value.get("source") or {}).get("sourceUri"),
            }), flush=True)
            seen += 1
    finally:
        consumer.close()
    if seen < count:
        sys.exit("read %d of %d records within 60 s" % (seen, count))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
