# syntax=docker/dockerfile:1
# FerStream processor image (CPU): the official Flink image plus the job jar and the models.
# Build from the repository root after `mvn -B -DskipTests package` (docker/build.sh does both):
#   docker build -f docker/processor.Dockerfile -t ferstream/processor:0.1.0-SNAPSHOT .
# The same image runs the JobManager, the TaskManagers and the job-submit client (compose), and
# application mode (Flink Kubernetes Operator: jarURI local:///opt/flink/usrlib/ferstream-processor-job.jar).
ARG FLINK_IMAGE=flink:2.2.1-java17
FROM ${FLINK_IMAGE}

# The Prometheus reporter ships with the Flink distribution as a plugin
# (plugins/metrics-prometheus/flink-metrics-prometheus-<version>.jar), so enabling it is only
# configuration (metrics.reporter.prom.factory.class). Fail the build if a base image lacks it.
# Flink's JVM --add-opens/--add-exports for Java 17 are already in the image's conf/config.yaml.
# /flink-data holds checkpoints and savepoints when no shared storage is configured (compose);
# a named volume mounted there takes over the flink ownership. libgomp1: the OpenMP runtime, in
# case the OpenCV/OpenBLAS natives of the job jar need the system's (harmless when they bundle it).
USER root
RUN ls /opt/flink/plugins/metrics-prometheus/flink-metrics-prometheus-*.jar \
 && apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /flink-data/checkpoints /flink-data/savepoints /opt/ferstream/conf /opt/ferstream/bin \
 && chown -R flink:flink /flink-data /opt/ferstream

# Models: descriptors + ONNX files only (the conversion tooling, node_modules and test fixtures
# stay out). models.dir=/opt/ferstream/models; descriptors name their ONNX file relative to themselves.
COPY --chown=flink:flink models/face-api/tiny_face_detector.json models/face-api/tiny_face_detector.onnx \
     models/face-api/face_expression.json models/face-api/face_expression.onnx \
     models/face-api/MODEL_CARD.md /opt/ferstream/models/face-api/
COPY --chown=flink:flink models/lnlj/lnlj.json models/lnlj/lnlj.onnx models/lnlj/README.md \
     /opt/ferstream/models/lnlj/

# The shaded job jar (Flink provided, onnxruntime CPU, linux-x86_64 OpenCV natives).
COPY --chown=flink:flink processor/job/target/ferstream-processor-0.1.0-SNAPSHOT-job.jar \
     /opt/flink/usrlib/ferstream-processor-job.jar

COPY --chown=flink:flink docker/submit-job.sh /opt/ferstream/bin/submit-job.sh
COPY --chown=flink:flink docker/job.properties /opt/ferstream/conf/job.properties

USER flink
# ENTRYPOINT (/docker-entrypoint.sh) and CMD come from the Flink image: jobmanager | taskmanager |
# standalone-job | any command (run after FLINK_PROPERTIES is written into conf/config.yaml).
