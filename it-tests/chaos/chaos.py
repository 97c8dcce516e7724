#!/usr/bin/python3
"""Chaos on a real multi-process cluster (issue 12). Started by run.sh.

Every component runs in a process of its own, on this machine:
  - 3 Kafka nodes (KRaft, broker and controller each), replication factor 3, min.insync.replicas 2;
  - FerStream's schema registry, two instances on one _schemas topic; every client is given both;
  - ZooKeeper, and a Flink standalone cluster with ZooKeeper high availability: 2 JobManagers
    (one a standby) and 2 TaskManagers;
  - 2 frame gates (one Kafka Streams application);
  - 4 cameras of video at 2 fps, with capture times from a fixed start, so the frames are the same
    whatever the machine does. Each plays an MPEG-4 file of a camera panning across a fixture photo
    of several faces (PanVideos.java, made at the start of the run with the camera's own FFmpeg),
    so faces move smoothly, enter and leave, and the camera decodes real video as on a site.

The job runs in live mode. A seeded schedule strikes the faults at random moments of the run:
  - tm: kill -9 of a TaskManager, and a replacement started;
  - jm: kill -9 of the leading JobManager (the standby takes over);
  - broker: kill -9 of the broker leading the busiest frames partition, restarted 10 s later;
  - gate: kill -9 of a gate instance;
  - registry: kill -9 of both registry instances, started again 30 s later;
  - rescale: stop-with-savepoint, the job restored at parallelism 3, 10 s later the same back to 2.
Then the same job replays the frames topic, bounded and undisturbed, into a second topic, and the
checker compares the two: the same events (ids, types, labels, boxes), none twice, none missing.
It reports, per fault, the time until events flowed again.

  chaos.py WORK_DIR --faults tm,jm,broker,gate,registry,rescale --seed 7 --seconds 150
"""
import argparse
import io
import json
import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
import uuid

import avro.io
import avro.schema
from confluent_kafka import Consumer, KafkaException, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CAMERAS = ["door-1", "lobby-2", "hall-3", "desk-4"]
FRAME_PARTITIONS = 4
EMPTY_SCENE = f"{ROOT}/models/fixtures/640px-IceBlockNearJoekullsarlon.jpg"
# Each camera's video pans across one of these photos (3, 3, 5 and 5 faces), 4 px per frame at 10 fps.
VIDEO_PHOTOS = {c: f"{ROOT}/models/fixtures/{p}" for c, p in
                zip(["door-1", "lobby-2", "hall-3", "desk-4"], ["sample1.jpg", "sample3.jpg", "sample5.jpg", "sample6.jpg"])}
PAN_PIXELS_PER_FRAME = 4
EMPTY_FRAMES = 10  # 4.5 s of capture time: longer than tracking.max-age, so every track ends
MAX_FRAME_BYTES = 8 * 1024 * 1024 + 64 * 1024


def log(message):
    print(f"[chaos {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(seconds, what, check):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if check():
                return
        except Exception:  # not up yet
            pass
        time.sleep(0.5)
    raise RuntimeError(f"timed out after {seconds} s waiting for {what}")


class Processes:
    """Every process of the run, by name, each logging to WORK/logs/NAME.log."""

    def __init__(self, work):
        self.work = work
        self.running = {}

    def start(self, name, command, env=None):
        out = open(os.path.join(self.work, "logs", f"{name}.log"), "ab")
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                                   env={**os.environ, **(env or {})}, start_new_session=True)
        self.running[name] = process
        return process

    def kill9(self, name):
        process = self.running.pop(name)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self):
        for process in self.running.values():
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.time() + 30
        for process in self.running.values():
            try:
                process.wait(max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def stop_cameras(cameras, grace_s=90):
    """Waits for cameras to end (told to stop, or at the end of their files). One still running
    after grace_s on a loaded machine is killed: the comparison reads what reached Kafka, the same
    topic for both runs."""
    deadline = time.time() + grace_s
    for camera in cameras:
        try:
            camera.wait(max(0.1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            log(f"a camera (pid {camera.pid}) did not stop within {grace_s} s; killed")
            camera.kill()
            camera.wait()


class Cluster:
    def __init__(self, args):
        self.args = args
        self.work = args.work
        self.procs = Processes(self.work)
        self.java = os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "java")
        self.stack_cp = f"{ROOT}/it-tests/dev-stack/target/classes:" + open(args.stack_classpath).read().strip()
        self.flink_cp = os.path.join(args.flink_lib, "*")
        self.opens = args.opens.split()
        self.kafka_ports = [(free_port(), free_port()) for _ in range(3)]
        self.bootstrap = ",".join(f"localhost:{b}" for b, _ in self.kafka_ports)
        self.registry_urls = [f"http://127.0.0.1:{free_port()}" for _ in range(2)]
        self.registry = ",".join(self.registry_urls)  # what every client is given: both instances
        self.zk_port = free_port()
        self.rest_ports = [free_port(), free_port()]
        self.tm_count = 0
        self.jm_names = []

    # ---- Kafka -------------------------------------------------------------------------------
    def kafka_node_config(self, n):
        voters = ",".join(f"{i + 1}@localhost:{c}" for i, (_, c) in enumerate(self.kafka_ports))
        broker, controller = self.kafka_ports[n]
        path = os.path.join(self.work, "conf", f"kafka-{n + 1}.properties")
        with open(path, "w") as f:
            f.write(f"""process.roles=broker,controller
node.id={n + 1}
controller.quorum.voters={voters}
listeners=PLAINTEXT://localhost:{broker},CONTROLLER://localhost:{controller}
advertised.listeners=PLAINTEXT://localhost:{broker}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs={self.work}/data/kafka-{n + 1}
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
default.replication.factor=3
min.insync.replicas=2
message.max.bytes={MAX_FRAME_BYTES + 256 * 1024}
replica.fetch.max.bytes={MAX_FRAME_BYTES + 512 * 1024}
transaction.max.timeout.ms=900000
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
""")
        return path

    def start_kafka_node(self, n):
        self.procs.start(f"kafka-{n + 1}", [
            self.java, "-Xmx512m", f"-Dlog4j2.configurationFile={self.work}/conf/log4j2-process.xml",
            f"-Dlog.file={self.work}/logs/kafka-{n + 1}.server.log",
            "-cp", self.stack_cp, "kafka.Kafka", os.path.join(self.work, "conf", f"kafka-{n + 1}.properties")])

    def start_kafka(self):
        cluster_id = subprocess.run([self.java, "-cp", self.stack_cp, "kafka.tools.StorageTool", "random-uuid"],
                                    capture_output=True, text=True, check=True).stdout.strip().split()[-1]
        for n in range(3):
            config = self.kafka_node_config(n)
            subprocess.run([self.java, "-cp", self.stack_cp, "kafka.tools.StorageTool", "format",
                            "-t", cluster_id, "-c", config], capture_output=True, check=True)
            self.start_kafka_node(n)
        admin = AdminClient({"bootstrap.servers": self.bootstrap})
        wait_for(90, "3 Kafka brokers", lambda: len(admin.list_topics(timeout=2).brokers) == 3)
        replicated = {"min.insync.replicas": "2"}
        frames = {**replicated, "max.message.bytes": str(MAX_FRAME_BYTES), "retention.ms": "3600000"}
        topics = [NewTopic("frames.raw", FRAME_PARTITIONS, 3, config=frames),
                  NewTopic("frames", FRAME_PARTITIONS, 3, config=frames),
                  NewTopic("frames.dlq", 2, 3, config=replicated),
                  NewTopic("expression-events", 2, 3, config=replicated),
                  NewTopic("expression-events.reference", 2, 3, config=replicated),
                  NewTopic("frames.dlq.reference", 2, 3, config=replicated),
                  NewTopic("expression-summaries", 2, 3, config=replicated),
                  NewTopic("expression-summaries.reference", 2, 3, config=replicated),
                  NewTopic("frames.camera-status", 1, 3, config={**replicated, "cleanup.policy": "compact"})]
        for future in admin.create_topics(topics).values():
            future.result(30)
        log(f"Kafka: 3 nodes at {self.bootstrap}, topics with replication factor 3")

    def busiest_frames_leader(self):
        """The node leading the frames partition with the most records."""
        consumer = Consumer({"bootstrap.servers": self.bootstrap, "group.id": "chaos-inspect"})
        try:
            metadata = consumer.list_topics("frames", timeout=10).topics["frames"].partitions
            sizes = {p: consumer.get_watermark_offsets(TopicPartition("frames", p), timeout=10)[1]
                     for p in metadata}
            busiest = max(sizes, key=sizes.get)
            return metadata[busiest].leader, busiest
        finally:
            consumer.close()

    # ---- registry, gates, cameras -----------------------------------------------------------
    def start_registry(self, n):
        """Registry instance n (1 or 2); both share the _schemas topic."""
        url = self.registry_urls[n - 1]
        self.procs.start(f"registry-{n}", [
            self.java, "-Xmx256m", "-cp", self.stack_cp, "io.ferstream.registry.server.RegistryServerCli",
            "--bootstrap-servers", self.bootstrap, "--port", url.rsplit(":", 1)[1]])
        wait_for(60, f"registry-{n}", lambda: urllib.request.urlopen(url + "/subjects", timeout=2))

    def start_gate(self, n):
        self.procs.start(f"gate-{n}", [
            self.java, "-Xmx384m", "-cp", self.args.ingest_jar, "io.ferstream.ingest.gate.FrameGate",
            "--bootstrap-servers", self.bootstrap, "--registry-url", self.registry,
            "--state-dir", os.path.join(self.work, "data", f"gate-{n}"), "--http-port", "0",
            "--max-age", "10m"])

    def make_videos(self):
        """One MPEG-4 file per camera, written by PanVideos.java with the ingest jar's FFmpeg."""
        folder = os.path.join(self.work, "data", "videos")  # deleted with the data at the end
        outputs = []
        for camera in CAMERAS:
            outputs += [os.path.join(folder, f"{camera}.mp4"), VIDEO_PHOTOS[camera]]
        with open(os.path.join(self.work, "logs", "videos.log"), "w") as out:
            subprocess.run([self.java, "-cp", self.args.ingest_jar, os.path.join(ROOT, "it-tests", "chaos", "PanVideos.java"),
                            EMPTY_SCENE, str(PAN_PIXELS_PER_FRAME), *outputs],
                           stdout=out, stderr=subprocess.STDOUT, check=True, timeout=300)
        self.videos = {camera: os.path.join(folder, f"{camera}.mp4") for camera in CAMERAS}

    def start_camera(self, camera, capture_start, source=None, first_sequence=0):
        # The camera's video, looped; or the empty scene's images, each once, then the camera exits.
        shape = ["--loop"] if source is None else ["--image-interval", "500ms"]
        source = source or self.videos[camera]
        name = f"camera-{camera}" if first_sequence == 0 else f"camera-{camera}-empty"
        return self.procs.start(name, [
            self.java, "-Xmx256m", "-jar", self.args.ingest_jar, "--camera-id", camera,
            *shape, "--fps", "2", "--pace", "realtime",
            "--capture-start", capture_start, "--no-progress", "--startup-timeout", "2m",
            "--first-sequence", str(first_sequence),
            "--bootstrap-servers", self.bootstrap, "--registry-url", self.registry, source])

    # ---- Flink --------------------------------------------------------------------------------
    def flink_config(self):
        with open(os.path.join(self.work, "conf", "config.yaml"), "w") as f:
            f.write(f"""jobmanager:
  rpc: {{address: localhost, port: 0}}
  bind-host: localhost
  memory: {{process: {{size: 1000m}}}}
taskmanager:
  bind-host: localhost
  host: localhost
  numberOfTaskSlots: 2
  memory: {{process: {{size: 2200m}}}}
rest: {{address: localhost, bind-address: localhost}}
high-availability:
  type: zookeeper
  storageDir: file://{self.work}/data/ha
  jobmanager: {{port: 0}}
  # A dead leader's ZooKeeper session must expire before the standby leads: 60 s by default.
  zookeeper: {{quorum: "localhost:{self.zk_port}", path: {{root: /ferstream-chaos}},
              client: {{session-timeout: 10s, connection-timeout: 5s}}}}
heartbeat: {{interval: 1s, timeout: 5s}}
execution:
  checkpointing:
    dir: file://{self.work}/data/checkpoints
    savepoint-dir: file://{self.work}/data/savepoints
parallelism: {{default: 2}}
""")
        with open(os.path.join(self.work, "conf", "log4j.properties"), "w") as f:
            f.write(open(os.path.join(ROOT, "it-tests", "cluster-check", "log4j.properties")).read())
            # Where each camera's tracking state begins and ends: the first thing to read when the
            # checker finds events with other track ids.
            f.write("logger.tracking.name = io.ferstream.processor.tracking.TrackingFunction\n"
                    "logger.tracking.level = DEBUG\n")

    def resource_params(self, kind):
        out = subprocess.run([self.java, "-cp", self.flink_cp, "org.apache.flink.runtime.util.bash.BashJavaUtils",
                              kind, "--configDir", os.path.join(self.work, "conf")],
                             capture_output=True, text=True).stdout
        lines = [l[len("BASH_JAVA_UTILS_EXEC_RESULT:"):] for l in out.splitlines()
                 if l.startswith("BASH_JAVA_UTILS_EXEC_RESULT:")]
        return lines[0].split(), lines[1].split()

    def start_flink_process(self, name, kind, main, extra=()):
        jvm, dynamic = self.resource_params(kind)
        self.procs.start(name, [self.java, *jvm, *self.opens,
                                f"-Dlog4j.configurationFile={self.work}/conf/log4j.properties",
                                f"-Dlog.file={self.work}/logs/{name}.flink.log", "-cp", self.flink_cp, main,
                                "--configDir", os.path.join(self.work, "conf"), *dynamic, *extra])

    def start_zookeeper(self):
        os.makedirs(os.path.join(self.work, "data", "zookeeper"), exist_ok=True)
        self.procs.start("zookeeper", [
            self.java, "-Xmx128m", "-cp", self.flink_cp,
            "org.apache.flink.shaded.zookeeper3.org.apache.zookeeper.server.ZooKeeperServerMain",
            str(self.zk_port), os.path.join(self.work, "data", "zookeeper")])
        wait_for(30, "ZooKeeper", lambda: socket.create_connection(("127.0.0.1", self.zk_port), 1))

    def start_jobmanager(self, n):
        name = f"jobmanager-{n}"
        self.start_flink_process(name, "GET_JM_RESOURCE_PARAMS",
                                 "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                                 ["-D", f"rest.port={self.rest_ports[n - 1]}"])
        self.jm_names.append(name)

    def start_taskmanager(self):
        self.tm_count += 1
        self.start_flink_process(f"taskmanager-{self.tm_count}", "GET_TM_RESOURCE_PARAMS",
                                 "org.apache.flink.runtime.taskexecutor.TaskManagerRunner")
        return f"taskmanager-{self.tm_count}"

    def rest(self, path):
        """GET on whichever JobManager answers (both serve REST; the standby redirects nothing)."""
        last = None
        for port in self.rest_ports:
            try:
                with urllib.request.urlopen(f"http://localhost:{port}{path}", timeout=3) as r:
                    return json.load(r)
            except Exception as e:  # that JobManager is down or not leading
                last = e
        raise RuntimeError(f"no JobManager answered {path}: {last}")

    def leading_jobmanager(self):
        """The live JobManager that was granted leadership last (both serve the same REST API)."""
        for name in reversed(self.jm_names):
            if name not in self.procs.running:
                continue
            with open(os.path.join(self.work, "logs", f"{name}.flink.log"), errors="replace") as f:
                if "granted leadership" in f.read():
                    return name
        return None

    def flink_cli(self, *args):
        env = {"FLINK_CONF_DIR": os.path.join(self.work, "conf")}
        return subprocess.run([self.java, *self.opens, f"-Dlog4j.configurationFile={self.work}/conf/log4j.properties",
                               f"-Dlog.file={self.work}/logs/client.flink.log", "-cp", self.flink_cp,
                               "org.apache.flink.client.cli.CliFrontend", *args],
                              capture_output=True, text=True, env={**os.environ, **env}, cwd=ROOT)

    def submit(self, *settings, parallelism=2, savepoint=None):
        restore = ["-s", savepoint] if savepoint else []
        result = self.flink_cli("run", "-d", *restore, "-c", "io.ferstream.processor.job.FerStreamJobMain",
                                self.args.job_jar,
                                "--kafka.bootstrap.servers", self.bootstrap, "--schema.registry.url", self.registry,
                                "--models.dir", os.path.join(ROOT, "models"), "--parallelism", str(parallelism),
                                *settings)
        for line in result.stdout.splitlines():
            if line.startswith("Job has been submitted with JobID "):
                return line.split()[-1]
        raise RuntimeError("flink run failed: " + result.stdout[-2000:] + result.stderr[-2000:])

    def stop_with_savepoint(self, job):
        """Stops the job with a savepoint (no drain: tracks stay open) and returns its path."""
        result = self.flink_cli("stop", job)
        for line in result.stdout.splitlines():
            if "Savepoint completed. Path:" in line:
                return line.split("Path:", 1)[1].strip()
        raise RuntimeError("flink stop failed: " + result.stdout[-2000:] + result.stderr[-2000:])

    def rescale(self, job, parallelism, settings):
        """Stop-with-savepoint, then the same job from that savepoint at another parallelism."""
        savepoint = self.stop_with_savepoint(job)
        log(f"savepoint of {job}: {savepoint}; resubmitting at parallelism {parallelism}")
        job = self.submit(*settings, parallelism=parallelism, savepoint=savepoint)
        wait_for(180, f"job {job} RUNNING at parallelism {parallelism}", lambda: self.job_running(job))
        return job

    def job_running(self, job):
        state = self.rest(f"/jobs/{job}")
        return state["state"] == "RUNNING" and all(v["status"] == "RUNNING" for v in state["vertices"])


class EventClock:
    """Tails expression-events (read_committed) and notes when each event became visible, and its
    latency: from its event time (a capture time; the cameras pace their capture times in real
    time) until then."""

    def __init__(self, bootstrap, topic, reader):
        self.visible = []  # wall times
        self.latencies = []  # (wall time, seconds from event time to visible)
        self.reader = reader
        self.running = True
        self.consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"chaos-clock-{uuid.uuid4()}",
                                  "auto.offset.reset": "earliest", "isolation.level": "read_committed",
                                  "enable.auto.commit": False})
        self.consumer.subscribe([topic])
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while self.running:
            message = self.consumer.poll(0.2)
            if message is not None and not message.error():
                now = time.time()
                self.visible.append(now)
                try:
                    event_time = self.reader.decode(message.value())["eventTime"]
                except Exception:  # the registry is down and the schema not cached yet
                    continue
                seconds = event_time.timestamp() if hasattr(event_time, "timestamp") else event_time / 1000
                self.latencies.append((now, now - seconds))

    def first_after(self, moment):
        later = [t for t in self.visible if t > moment]
        return min(later) if later else None

    def back_under(self, moment, bound_s):
        """When, after moment, the first event was visible within bound_s of its event time."""
        later = [t for t, latency in self.latencies if t > moment and latency <= bound_s]
        return min(later) if later else None

    def percentiles(self):
        values = sorted(latency for _, latency in self.latencies)
        if not values:
            return {}
        pick = lambda q: round(values[min(len(values) - 1, int(q * len(values)))], 2)
        return {"events": len(values), "p50_s": pick(0.5), "p90_s": pick(0.9), "p99_s": pick(0.99),
                "max_s": round(values[-1], 2)}

    def close(self):
        self.running = False
        self.thread.join(5)
        self.consumer.close()


class WireFormatReader:
    def __init__(self, registry_url):
        self.registry_url, self.readers = registry_url.split(",")[0], {}

    def decode(self, value):
        magic, schema_id = struct.unpack(">bI", value[:5])
        if schema_id not in self.readers:
            with urllib.request.urlopen(f"{self.registry_url}/schemas/ids/{schema_id}") as response:
                schema = json.load(response)["schema"]
            self.readers[schema_id] = avro.io.DatumReader(avro.schema.parse(schema))
        return self.readers[schema_id].read(avro.io.BinaryDecoder(io.BytesIO(value[5:])))


def read_committed(bootstrap, topic, reader):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"chaos-check-{uuid.uuid4()}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False,
                         "isolation.level": "read_committed"})
    consumer.subscribe([topic])
    records, quiet = [], 0
    try:
        while quiet < 8:
            message = consumer.poll(1.0)
            if message is None:
                quiet += 1
            elif message.error():
                raise KafkaException(message.error())
            else:
                records.append(reader.decode(message.value()))
    finally:
        consumer.close()
    return records


def canonical(event):
    box = event.get("box") or {}
    return (event["eventId"], event["type"], event["cameraId"], event["trackId"], event["frameSequence"],
            str(event["eventTime"]),
            json.dumps(event.get("expression"), sort_keys=True, default=str),
            json.dumps(box, sort_keys=True, default=str))


def summary(record):
    """What must be equal between two runs' summaries of a minute: all but the emission time."""
    return json.dumps({k: v for k, v in record.items() if k != "emittedTime"}, sort_keys=True, default=str)


def poison(bootstrap):
    """Two records the job must dead-letter, on frames (past the gate), and one the gate must."""
    from confluent_kafka import Producer
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
    producer.produce("frames", key=b"door-1", value=b"not an avro record")        # wrong magic byte
    producer.produce("frames", key=b"lobby-2", value=b"\x00\x00\x00\x00\x63xyz")  # unknown schema 99
    producer.produce("frames.raw", key=b"hall-3", value=b"\x00\x00\x00\x00\x63xyz")
    if producer.flush(30):
        raise RuntimeError("the poison records were not acknowledged")
    log("poison: 2 records on frames, 1 on frames.raw")


def dead_letter(letter):
    """What must be equal between two runs' dead letters: where the frame was, and why."""
    return (letter.get("cameraId"), letter.get("sourceTopic"), letter.get("sourcePartition"),
            letter.get("sourceOffset"), str(letter.get("reason")))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("work")
    parser.add_argument("--stack-classpath", required=True)
    parser.add_argument("--flink-lib", required=True)
    parser.add_argument("--job-jar", required=True)
    parser.add_argument("--ingest-jar", required=True)
    parser.add_argument("--opens", default="")
    parser.add_argument("--faults", default="tm,jm,broker,gate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--seconds", type=int, default=90)
    parser.add_argument("--rescale-to", type=int, default=3,
                        help="the parallelism the rescale fault restores at before going back to 2"
                             " (2: a stop and restore without rescaling)")
    parser.add_argument("--latency-bound", type=float, default=5.0,
                        help="seconds from capture to visible that count as recovered (checkpoints every 2 s)")
    parser.add_argument("--job-setting", action="append", default=[],
                        help="KEY=VALUE for both jobs, e.g. watermark.idleness=60s")
    args = parser.parse_args()
    # A TERM (the IT's timeout, say) unwinds through the finally below, which stops every process.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    for folder in ("conf", "logs", "data"):
        os.makedirs(os.path.join(args.work, folder), exist_ok=True)
    with open(os.path.join(args.work, "conf", "log4j2-process.xml"), "w") as f:
        f.write("""<Configuration status="WARN"><Appenders><File name="file" fileName="${sys:log.file}">
<PatternLayout pattern="%d{HH:mm:ss.SSS} %-5level %c{1} - %msg%n"/></File></Appenders>
<Loggers><Root level="INFO"><AppenderRef ref="file"/></Root></Loggers></Configuration>""")
    rng = random.Random(args.seed)
    faults = [f for f in args.faults.split(",") if f]
    cluster = Cluster(args)
    report = {"seed": args.seed, "faults": []}
    try:
        cluster.start_kafka()
        cluster.start_registry(1)
        cluster.start_registry(2)
        cluster.start_zookeeper()
        cluster.flink_config()
        cluster.start_jobmanager(1)
        cluster.start_jobmanager(2)
        cluster.start_taskmanager()
        cluster.start_taskmanager()
        wait_for(120, "2 TaskManagers at the leading JobManager",
                 lambda: cluster.rest("/overview")["taskmanagers"] == 2)
        log(f"Flink: ZooKeeper HA, 2 JobManagers (REST {cluster.rest_ports}), 2 TaskManagers")
        cluster.start_gate(1)
        cluster.start_gate(2)
        live = ["--mode", "live", "--checkpoint.interval", "2s", "--restart.delay", "1s",
                "--restart.attempts", "100", "--sink.transactional-id-prefix", "chaos-live",
                "--source.group-id", "chaos-live",
                "--live.max-lag", "10min", "--overload.max-lag", "off", "--job.name", "chaos-live"]
        extra = [arg for pair in args.job_setting for arg in ("--" + pair.split("=", 1)[0], pair.split("=", 1)[1])]
        live += extra
        job = cluster.submit(*live)
        wait_for(180, f"job {job} RUNNING", lambda: cluster.job_running(job))
        log(f"live job {job} running; cameras for {args.seconds} s")
        clock = EventClock(cluster.bootstrap, "expression-events", WireFormatReader(cluster.registry))
        cluster.make_videos()
        capture_start = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 2))
        cameras = [cluster.start_camera(c, capture_start) for c in CAMERAS]
        start = time.time()
        # the seeded schedule: each fault at a random moment, at least 15 s apart
        slots = sorted(rng.sample(range(10, max(11, args.seconds - 15), 15), len(faults))) \
            if len(faults) * 15 < args.seconds - 20 else [10 + 15 * i for i in range(len(faults))]
        plan = list(zip(slots, rng.sample(faults, len(faults))))
        log("fault schedule: " + ", ".join(f"{kind} at {at} s" for at, kind in plan))
        restarts = []  # (when, what to start again, its name)
        poisoned = False
        for at, kind in plan:
            time.sleep(max(0, start + at - time.time()))
            struck = time.time()
            if kind == "tm":
                victim = rng.choice([n for n in cluster.procs.running if n.startswith("taskmanager")])
                cluster.procs.kill9(victim)
                cluster.start_taskmanager()
            elif kind == "jm":
                victim = cluster.leading_jobmanager() or "jobmanager-1"
                cluster.procs.kill9(victim)
            elif kind == "broker":
                node, partition = cluster.busiest_frames_leader()
                victim = f"kafka-{node}"
                cluster.procs.kill9(victim)
                restarts.append((time.time() + 10, lambda n=node - 1: cluster.start_kafka_node(n), victim))
            elif kind == "gate":
                victim = rng.choice([n for n in cluster.procs.running if n.startswith("gate-")])
                cluster.procs.kill9(victim)
            elif kind == "registry":
                # Both instances down for 30 s: frames whose schema the clients cached flow on.
                victim = "registry-1 and registry-2"
                for n in (1, 2):
                    cluster.procs.kill9(f"registry-{n}")
                    restarts.append((time.time() + 30, lambda n=n: cluster.start_registry(n), f"registry-{n}"))
            elif kind == "rescale":
                victim = f"job {job} (2 -> {args.rescale_to} -> 2)"
                job = cluster.rescale(job, args.rescale_to, live)
                time.sleep(10)
                job = cluster.rescale(job, 2, live)
            report["faults"].append({"kind": kind, "victim": victim, "at_s": round(struck - start, 1),
                                     "struck": struck})
            log(f"fault {kind}: {victim}")
            if not poisoned:
                poison(cluster.bootstrap)
                poisoned = True
            for when, start_again, name in restarts:
                time.sleep(max(0, when - time.time()))
                start_again()
                log(f"restarted {name}")
            restarts = []
        time.sleep(max(0, start + args.seconds - time.time()))
        for camera in cameras:
            camera.send_signal(signal.SIGTERM)  # INT may be ignored: inherited from a background shell
        stop_cameras(cameras)
        # Empty scenes end every track by its camera's own frames, as a camera pointed at an empty
        # room does; the bounded replay would otherwise end the last tracks at the end of its input
        # and the live run never, and the two could not be compared.
        # Each camera sends EMPTY_FRAMES frames of the empty scene (the files once each, no loop)
        # and exits by itself: a fixed count, however long a loaded machine takes to start them.
        scene = os.path.join(args.work, "empty-scene")
        os.makedirs(scene, exist_ok=True)
        for i in range(EMPTY_FRAMES):
            shutil.copyfile(EMPTY_SCENE, os.path.join(scene, f"{i:03d}.jpg"))
        tails = [cluster.start_camera(c, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 1)),
                                      os.path.join(scene, "*.jpg"), first_sequence=1_000_000) for c in CAMERAS]
        stop_cameras(tails, grace_s=240)
        for c in CAMERAS:
            with open(os.path.join(args.work, "logs", f"camera-{c}-empty.log"), errors="replace") as f:
                if f"{c}: sent {EMPTY_FRAMES} frames ({EMPTY_FRAMES} acknowledged" not in f.read():
                    raise RuntimeError(f"the empty scene of {c} was not all sent; the run cannot end its tracks")
        log("cameras stopped; waiting for the job to catch up")
        time.sleep(20)
        for fault in report["faults"]:
            flowing = clock.first_after(fault["struck"])
            fault["events_again_after_s"] = None if flowing is None else round(flowing - fault["struck"], 1)
            under = clock.back_under(fault["struck"], args.latency_bound)
            fault["latency_back_under_bound_after_s"] = None if under is None else round(under - fault["struck"], 1)
            del fault["struck"]
        report["latency_bound_s"] = args.latency_bound
        report["latency_during_run"] = clock.percentiles()
        clock.close()

        log("the undisturbed run: the same job replaying frames, bounded")
        reference = cluster.submit("--mode", "replay", "--source.bounded", "true",
                                   "--source.starting-offsets", "earliest",
                                   "--topics.events", "expression-events.reference",
                                   "--topics.dlq", "frames.dlq.reference",
                                   "--topics.summaries", "expression-summaries.reference",
                                   "--sink.transactional-id-prefix", "chaos-reference",
                                   "--source.group-id", "chaos-reference",
                                   "--job.name", "chaos-reference", *extra)
        wait_for(600, "the undisturbed run to finish",
                 lambda: cluster.rest(f"/jobs/{reference}")["state"] == "FINISHED")
        reader = WireFormatReader(cluster.registry)
        undisturbed = [canonical(e) for e in read_committed(cluster.bootstrap, "expression-events.reference",
                                                             reader)]
        # The live job may still be catching up after the last fault: wait (at most 2 minutes) until
        # it has committed at least what the replay did. The comparison below stays exact.
        deadline = time.time() + 120
        while True:
            chaotic = [canonical(e) for e in read_committed(cluster.bootstrap, "expression-events", reader)]
            if len(set(chaotic)) >= len(set(undisturbed)) or time.time() > deadline:
                break
            time.sleep(5)
        all_letters = read_committed(cluster.bootstrap, "frames.dlq", reader)
        report["gate_dead_letters"] = sum(1 for e in all_letters if e.get("rejectedBy") != "processor")
        letters = [dead_letter(e) for e in all_letters if e.get("rejectedBy") == "processor"]
        reference_letters = [dead_letter(e) for e in read_committed(cluster.bootstrap, "frames.dlq.reference",
                                                                    reader)]
        # Minute summaries: the live run summarises a minute only once event time has passed it by
        # max-age plus max-camera-skew, and the cameras stop soon after the last fault, so it has
        # fewer than the replay, which flushes all at its end. Each it has must be the replay's,
        # and none may come twice.
        summaries = [summary(e) for e in read_committed(cluster.bootstrap, "expression-summaries", reader)]
        reference_summaries = {summary(e) for e in read_committed(cluster.bootstrap,
                                                                  "expression-summaries.reference", reader)}
        report["summaries"] = len(summaries)
        report["summary_duplicates"] = len(summaries) - len(set(summaries))
        report["summaries_not_in_replay"] = len(set(summaries) - reference_summaries)
        report["dead_letters"] = len(letters)
        report["same_dead_letters"] = bool(letters) and sorted(letters) == sorted(reference_letters)
        duplicates = len(chaotic) - len(set(chaotic))
        missing = sorted(set(undisturbed) - set(chaotic))
        extra = sorted(set(chaotic) - set(undisturbed))
        report.update({"events": len(chaotic), "undisturbed_events": len(undisturbed),
                       "duplicates": duplicates, "missing": len(missing), "extra": len(extra)})
        with open(os.path.join(args.work, "diff.txt"), "w") as f:
            for line in missing:
                f.write("missing " + repr(line) + "\n")
            for line in extra:
                f.write("extra   " + repr(line) + "\n")
        with open(os.path.join(args.work, "report.json"), "w") as f:
            json.dump(report, f, indent=2)
        log("report: " + json.dumps(report))
        ok = (undisturbed and duplicates == 0 and not missing and not extra
              and report["same_dead_letters"] and report["summary_duplicates"] == 0
              and report["summaries_not_in_replay"] == 0)
        log("PASSED" if ok else f"FAILED: see {args.work}/diff.txt and {args.work}/logs")
        return 0 if ok else 1
    finally:
        cluster.procs.stop_all()


if __name__ == "__main__":
    sys.exit(main())
