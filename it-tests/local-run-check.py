#!/usr/bin/python3
"""Checks the README's local command the way a user runs it, Ctrl-C included.

Starts `mvn -B -Plocal -DskipTests package` from the repository root in a process group of its own
(as a terminal does), waits until expression events are printed, checks that the viewer's printed
URL serves its page and shows the demo camera, then sends SIGINT to the whole group, as Ctrl-C
does. Passes when events were printed, the viewer answered, the pipeline reported its orderly stop,
no JVM of the run is left, and its temporary folder is gone. A developer check, outside
`mvn verify`: it takes about 2 minutes and the local run's fixed ports.

  it-tests/local-run-check.py [--events N] [--timeout SECONDS]
"""
import argparse
import glob
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VIEWER = re.compile(rb"^\s+viewer\s+(http://\S+)", re.M)
EVENT = re.compile(rb"^\s+\d\d:\d\d:\d\d\.\d{3}\s+(TRACK_STARTED|EXPRESSION_CHANGED|TRACK_UPDATED|TRACK_ENDED)\s", re.M)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5, help="events to wait for before Ctrl-C")
    parser.add_argument("--timeout", type=int, default=600, help="seconds to wait for them")
    args = parser.parse_args()

    before = set(glob.glob(os.path.join(tempfile.gettempdir(), "ferstream-local*")))
    with tempfile.NamedTemporaryFile(prefix="local-run-check-", suffix=".log", delete=False) as log:
        log_path = log.name
    print(f"[local-run-check] mvn -B -Plocal -DskipTests package (output: {log_path})")
    with open(log_path, "wb") as out:
        # A group of its own, SIGINT at its default (a background shell would ignore it).
        run = subprocess.Popen(["mvn", "-B", "-Plocal", "-DskipTests", "package"], cwd=ROOT, stdout=out,
                               stderr=subprocess.STDOUT, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + args.timeout
    while len(EVENT.findall(read(log_path))) < args.events:
        if run.poll() is not None or time.time() > deadline:
            os.killpg(run.pid, signal.SIGKILL)
            return fail(f"no {args.events} events printed (exit {run.poll()})", log_path)
        time.sleep(1)
    events = len(EVENT.findall(read(log_path)))
    print(f"[local-run-check] {events} events printed")
    viewer_problem = check_viewer(read(log_path))
    if viewer_problem:
        os.killpg(run.pid, signal.SIGKILL)
        return fail(viewer_problem, log_path)
    print("[local-run-check] Ctrl-C")

    os.killpg(run.pid, signal.SIGINT)
    run.wait(timeout=60)
    stopped = None
    for _ in range(60):  # Maven exits at once; the pipeline's JVM stops on its own
        stopped = re.search(rb"stopped in ([0-9.]+) s", read(log_path))
        if stopped and not group_alive(run.pid):
            break
        time.sleep(1)
    if group_alive(run.pid):
        os.killpg(run.pid, signal.SIGKILL)
        return fail("a process of the run was still alive 60 s after Ctrl-C", log_path)
    if not stopped:
        return fail("the pipeline did not report an orderly stop", log_path)
    left = set(glob.glob(os.path.join(tempfile.gettempdir(), "ferstream-local*"))) - before
    if left:
        return fail(f"temporary folders left: {sorted(left)}", log_path)
    print(f"[local-run-check] passed: stopped in {stopped.group(1).decode()} s, nothing left running or on disk")
    os.unlink(log_path)
    return 0


def check_viewer(log):
    """None when the printed viewer URL serves the page and lists the demo camera, else why not."""
    found = VIEWER.search(log)
    if not found:
        return "no viewer URL printed"
    url = found.group(1).decode()
    try:
        with urllib.request.urlopen(url, timeout=10) as page:
            if page.status != 200 or b"FerStream viewer" not in page.read():
                return f"the viewer at {url} did not serve its page"
        cameras = []
        for _ in range(30):  # the gate writes statuses every few seconds
            with urllib.request.urlopen(url + "api/state", timeout=10) as state:
                cameras = [c["camera"] for c in json.load(state)["cameras"]]
            if "lobby" in cameras:
                break
            time.sleep(1)
        if "lobby" not in cameras:
            return f"the viewer at {url} did not list the demo camera (cameras: {cameras})"
    except OSError as e:
        return f"the viewer at {url} did not answer: {e}"
    print(f"[local-run-check] the viewer at {url} serves its page and lists 'lobby'")
    return None


def read(path):
    with open(path, "rb") as f:
        return f.read()


def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def fail(why, log_path):
    print(f"[local-run-check] FAILED: {why}; output in {log_path}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
