#!/usr/bin/env bash
# FerStream against its peer in one run, on the same photos and the same cores (issue 14):
#   1. face-api 1.7.15 itself (models/face-api/peer-bench.mjs): one Node process per core, the
#      photos decoded before the clock starts;
#   2. the pipeline benchmark (it-tests/bench.sh): the same seven photos produced to Kafka and
#      streamed through the real job, decoding included.
# Prints both and the ratio of the pipeline's frames/s to the peer's.
#   it-tests/peer-bench.sh [--frames 1000] [--runs 3]        (SKIP_BUILD=1 reuses the last build)
# Needs Node 18+ and the npm packages of models/face-api (`npm ci --ignore-scripts` there, as
# models/face-api/run-parity.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
frames=1000
runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --frames) frames="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ ! -d models/face-api/node_modules/@vladmandic/face-api ]; then
  (cd models/face-api && npm ci --ignore-scripts --no-audit --no-fund)
fi
peer="$(cd models/face-api && node peer-bench.mjs --frames "$frames")"
echo "peer: $peer"
out="$(mktemp)"
it-tests/bench.sh --frames "$frames" --runs "$runs" --checkpoint-interval 10s --latency-seconds 0 | tee "$out"
pipeline="$(sed -n 's/^| pipeline frames\/s (median) | \([0-9.]*\) |$/\1/p' "$out")"
rm -f "$out"
PEER="$peer" PIPELINE="$pipeline" /usr/bin/python3 -c '
import json, os
peer = json.loads(os.environ["PEER"])
pipeline = float(os.environ["PIPELINE"])
rate, processes = peer["framesPerSecond"], peer["processes"]
print(f"pipeline {pipeline:.1f} frames/s, peer {rate:.1f} frames/s ({processes} processes):"
      f" pipeline / peer = {pipeline / rate:.1f}x")'
