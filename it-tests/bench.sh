#!/usr/bin/env bash
# Builds the modules and runs one of the benchmarks of it-tests/benchmarks from the repository root.
#   it-tests/bench.sh [pipeline] [--runs 3] [--frames 600] [--parallelism 1] [--set inference.threads=2] ...
#   it-tests/bench.sh inference [--help]
#   it-tests/bench.sh ingest [--help]
#   it-tests/bench.sh detection [--quick] [--configs whole,96,64,48,32] [--calibrate] [--help]
#   it-tests/bench.sh decode-scale [--scales 2,4,8] [--help]
#   it-tests/bench.sh capacity [--cameras 1,2,3,4,5,6,8] [--seconds 40] [--help]
#   it-tests/bench.sh precision [--batches 1,4,16] [--help]
# The first word picks the benchmark (pipeline when it is left out); the rest goes to it.
# Set SKIP_BUILD=1 to reuse the last build.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  pipeline) main=io.ferstream.bench.PipelineBenchmark; shift ;;
  inference) main=io.ferstream.bench.InferenceBenchmark; shift ;;
  ingest) main=io.ferstream.bench.IngestBenchmark; shift ;;
  detection) main=io.ferstream.bench.DetectionBenchmark; shift ;;
  decode-scale) main=io.ferstream.bench.DecodeScaleBenchmark; shift ;;
  capacity) main=io.ferstream.bench.CapacityBenchmark; shift ;;
  precision) main=io.ferstream.bench.PrecisionBenchmark; shift ;;
  *) main=io.ferstream.bench.PipelineBenchmark ;;
esac
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # package + build-classpath in one reactor: sibling modules resolve to their fresh target/ jars,
  # never to a stale snapshot in ~/.m2
  mvn -B -q -DskipTests package dependency:build-classpath -pl it-tests/benchmarks -am \
    -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=runtime
fi
OPENS=$(sed -n 's:.*<ferstream.jvm.opens>\(.*\)</ferstream.jvm.opens>.*:\1:p' pom.xml)
# shellcheck disable=SC2086
exec java -Xmx3g $OPENS -cp "it-tests/benchmarks/target/classes:$(cat it-tests/benchmarks/target/bench-cp.txt)" \
  "$main" "$@"
