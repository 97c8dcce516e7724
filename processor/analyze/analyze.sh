#!/usr/bin/env bash
# Runs ferstream-analyze from a checkout, from any folder; the arguments go to the command:
#   processor/analyze/analyze.sh video.mp4 --track --out faces.jsonl
#   processor/analyze/analyze.sh --help
# Builds the command's jar first (package, never install); set SKIP_BUILD=1 to reuse the last build.
# Finds the models in this checkout's models/ unless FERSTREAM_MODELS_DIR or models.dir says otherwise.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # -am: sibling modules come from this checkout's target/ folders, never from a stale ~/.m2
  (cd "$root" && mvn -B -q -DskipTests package -pl processor/analyze -am)
fi
jars=("$root"/processor/analyze/target/ferstream-analyze-*-all.jar)
if [[ ! -f "${jars[0]}" ]]; then
  echo "analyze.sh: no jar in processor/analyze/target; run without SKIP_BUILD=1 to build it" >&2
  exit 1
fi
export FERSTREAM_MODELS_DIR="${FERSTREAM_MODELS_DIR:-$root/models}"
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar "${jars[0]}" "$@"
