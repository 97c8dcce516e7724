#!/usr/bin/env bash
# Builds the modules and runs io.ferstream.bench.PipelineBenchmark from the repository root.
#   it-tests/bench.sh [--runs 3] [--frames 600] [--parallelism 1] [--set inference.threads=2] ...
# Set SKIP_BUILD=1 to reuse the last build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # package + build-classpath in one reactor: sibling modules resolve to their fresh target/ jars,
  # never to a stale snapshot in ~/.m2
  mvn -B -q -DskipTests package dependency:build-classpath -pl it-tests -am \
    -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=runtime
fi
OPENS=$(sed -n 's:.*<ferstream.jvm.opens>\(.*\)</ferstream.jvm.opens>.*:\1:p' pom.xml)
# shellcheck disable=SC2086
exec java -Xmx3g $OPENS -cp "it-tests/target/classes:$(cat it-tests/target/bench-cp.txt)" \
  io.ferstream.bench.PipelineBenchmark "$@"
