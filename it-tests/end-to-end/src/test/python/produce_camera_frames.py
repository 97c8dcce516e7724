"""Produces CameraFrame records with Confluent's own Python client (confluent_kafka.avro).

Usage: produce_camera_frames.py BOOTSTRAP REGISTRY_URL TOPIC SCHEMA_FILE COUNT

Interop check for FerStream: the Python AvroProducer registers the schema through FerStream's
registry and writes Confluent's wire format; the Java test reads the records back.
"""
import datetime
import sys

from confluent_kafka import avro
from confluent_kafka.avro import AvroProducer


def main(bootstrap, registry_url, topic, schema_file, count):
    with open(schema_file) as f:
        value_schema = avro.loads(f.read())
    producer = AvroProducer(
        {"bootstrap.servers": bootstrap, "schema.registry.url": registry_url},
        default_value_schema=value_schema)
    for sequence in range(count):
        frame = {
            "cameraId": "py-cam",
            "sequence": sequence,
            "captureTime": datetime.datetime.fromtimestamp(1700000000 + sequence, tz=datetime.timezone.utc),
            "width": 64 + sequence,
            "height": 48,
            "encoding": "JPEG",
            "image": bytes([0xFF, 0xD8, sequence % 256, 0xFF, 0xD9]),
            "source": {"sourceUri": "python:test", "producerId": "confluent-kafka-python"},
        }
        producer.produce(topic=topic, value=frame)
    remaining = producer.flush(30)
    if remaining:
        sys.exit("%d record(s) not delivered" % remaining)
    print("produced %d" % count)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
