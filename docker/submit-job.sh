#!/usr/bin/env bash
# Submits the FerStream job to the session cluster (flink run -d), unless a job with the same
# name is already running: `docker compose up` can be repeated without starting a second job
# (two jobs with one sink.transactional-id-prefix would fence each other's transactions).
#
# The job's main() runs here, in the submit container: the --config file is read here, and the
# resulting settings travel with the job. Command-line arguments override the file.
# Environment: JOB_NAME, JOB_CONFIG, KAFKA_BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL, JOB_MODE,
# INFERENCE_PROVIDER, INFERENCE_DEVICE_ID, INFERENCE_GPU_MEM_LIMIT, MODELS_CLASSIFIER,
# FROM_SAVEPOINT (a savepoint or retained checkpoint path to start from), JOB_ARGS (more --key value).
set -euo pipefail

JOB_JAR="${JOB_JAR:-/opt/flink/usrlib/ferstream-processor-job.jar}"
MAIN_CLASS="${MAIN_CLASS:-io.ferstream.processor.job.FerStreamJobMain}"
JOB_NAME="${JOB_NAME:-ferstream}"

if flink list -r 2>/dev/null | grep -E " : ${JOB_NAME} \((RUNNING|CREATED|INITIALIZING|RESTARTING)\)" >/dev/null; then
  echo "A job named '${JOB_NAME}' is already running; not submitting another."
  flink list -r
  exit 0
fi

run_opts=(-d -c "${MAIN_CLASS}")
if [[ -n "${FROM_SAVEPOINT:-}" ]]; then
  # Every operator has a stable uid, so state maps back after a code change.
  run_opts+=(-s "${FROM_SAVEPOINT}")
fi

job_args=(
  --config "${JOB_CONFIG:-/opt/ferstream/conf/job.properties}"
  --job.name "${JOB_NAME}"
  --kafka.bootstrap.servers "${KAFKA_BOOTSTRAP_SERVERS:-kafka:19092}"
  --schema.registry.url "${SCHEMA_REGISTRY_URL:-http://schema-registry:8081}"
  --mode "${JOB_MODE:-live}"
  --models.dir /opt/ferstream/models
  --models.classifier "${MODELS_CLASSIFIER:-face-api/face_expression.json}"
  --inference.provider "${INFERENCE_PROVIDER:-cpu}"
)
if [[ -n "${INFERENCE_DEVICE_ID:-}" ]]; then
  job_args+=(--inference.device-id "${INFERENCE_DEVICE_ID}")
fi
if [[ -n "${INFERENCE_GPU_MEM_LIMIT:-}" ]]; then
  job_args+=(--inference.gpu-mem-limit "${INFERENCE_GPU_MEM_LIMIT}")
fi
# JOB_ARGS is split on whitespace: values with spaces belong in the --config file.
# shellcheck disable=SC2206
extra=(${JOB_ARGS:-})

echo "Submitting ${JOB_JAR} (${MAIN_CLASS}) as '${JOB_NAME}'"
exec flink run "${run_opts[@]}" "${JOB_JAR}" "${job_args[@]}" "${extra[@]}"
