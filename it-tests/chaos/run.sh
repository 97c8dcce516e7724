#!/usr/bin/env bash
# Chaos on a real multi-process cluster (issue 12, stage 1): see chaos.py for what runs and what
# is checked. Every process's log, the report and the checker's diff stay in one folder, printed at
# the end.
#
#   it-tests/chaos/run.sh [--faults tm,jm,broker,gate] [--seed N] [--seconds S]
#   SKIP_BUILD=1 it-tests/chaos/run.sh ...     (use the jars already built)
#
# Needs: JDK 17, Maven, python3-confluent-kafka and python3-avro (as .ci/run installs).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d /tmp/ferstream-chaos.XXXXXX)"
root_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -n 1; }

cd "$root"
stack_cp=it-tests/dev-stack/target/stack.classpath
job_jar="$(ls processor/job/target/ferstream-processor-*-job.jar 2>/dev/null || true)"
ingest_jar="$(ls ingest/target/ferstream-ingest-*-all.jar 2>/dev/null || true)"
if [ -z "${SKIP_BUILD:-}" ] || [ -z "$job_jar" ] || [ -z "$ingest_jar" ] || [ ! -f "$stack_cp" ]; then
  echo "[chaos] building the job and ingest jars and the dev stack"
  mvn -B -q -DskipTests package dependency:build-classpath -pl it-tests/dev-stack -am \
    -Dmdep.outputFile=target/stack.classpath -Dmdep.includeScope=runtime
  job_jar="$(ls processor/job/target/ferstream-processor-*-job.jar)"
  ingest_jar="$(ls ingest/target/ferstream-ingest-*-all.jar)"
fi
echo "[chaos] fetching Flink $(root_property flink.version)'s jars"
mvn -B -q -f it-tests/cluster-check/pom.xml dependency:copy-dependencies -DoutputDirectory="$work/lib" \
  -Dflink.version="$(root_property flink.version)" -Dlog4j.version="$(root_property log4j.version)" \
  -Dslf4j.version="$(root_property slf4j.version)"

rc=0
/usr/bin/python3 "$here/chaos.py" "$work" --stack-classpath "$stack_cp" --flink-lib "$work/lib" \
  --job-jar "$job_jar" --ingest-jar "$ingest_jar" --opens "$(root_property ferstream.jvm.opens)" "$@" || rc=$?
rm -rf "$work/lib" "$work/data"
echo "[chaos] logs, report.json and diff.txt: $work"
exit "$rc"
