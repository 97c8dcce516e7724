#!/usr/bin/env bash
# Builds the FerStream jars and Docker images. Run from anywhere; builds from the repository root.
#   docker/build.sh            # CPU: ferstream/processor, ferstream/ingest and ferstream/viewer
#   docker/build.sh --gpu      # also ferstream/processor-gpu (job jar rebuilt with -Pgpu)
#   docker/build.sh --no-maven # images only, from the jars already in */target
# TAG (default 0.1.0-SNAPSHOT) and REGISTRY (e.g. registry.example.com/, default none) name the images.
set -euo pipefail

cd "$(dirname "$0")/.."
TAG="${TAG:-0.1.0-SNAPSHOT}"
REGISTRY="${REGISTRY:-}"
gpu=false
maven=true
for arg in "$@"; do
  case "$arg" in
    --gpu) gpu=true ;;
    --no-maven) maven=false ;;
    *) echo "unknown option: $arg (use --gpu, --no-maven)" >&2; exit 2 ;;
  esac
done

# BuildKit is needed for the per-Dockerfile .dockerignore files (it is the default since Docker 23).
export DOCKER_BUILDKIT=1

if $maven; then
  mvn -B -DskipTests package
fi
docker build -f docker/processor.Dockerfile -t "${REGISTRY}ferstream/processor:${TAG}" .
docker build -f docker/ingest.Dockerfile -t "${REGISTRY}ferstream/ingest:${TAG}" .
docker build -f docker/viewer.Dockerfile -t "${REGISTRY}ferstream/viewer:${TAG}" .

if $gpu; then
  # Same artifact name, onnxruntime_gpu inside. Built last so that the CPU image above got the
  # CPU jar; afterwards processor/job/target holds the GPU jar until the next CPU build.
  if $maven; then
    mvn -B -DskipTests -Pgpu package -pl processor/job -am
  fi
  docker build -f docker/processor-gpu.Dockerfile -t "${REGISTRY}ferstream/processor-gpu:${TAG}" .
fi

echo "Built ${REGISTRY}ferstream/processor:${TAG}, ${REGISTRY}ferstream/ingest:${TAG}, ${REGISTRY}ferstream/viewer:${TAG}$($gpu && echo ", ${REGISTRY}ferstream/processor-gpu:${TAG}")"
