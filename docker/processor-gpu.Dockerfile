# syntax=docker/dockerfile:1
# FerStream processor image for NVIDIA GPUs: CUDA 12 + cuDNN 9 (what onnxruntime_gpu 1.23 needs),
# a Java 17 runtime and the Flink 2.2.1 distribution taken from the official Flink image, and the
# job jar built with -Pgpu (onnxruntime_gpu; its CPU provider still works without a GPU).
# Build from the repository root after `mvn -B -DskipTests -Pgpu package` (docker/build.sh --gpu):
#   docker build -f docker/processor-gpu.Dockerfile -t ferstream/processor-gpu:0.1.0-SNAPSHOT .
# Runs on hosts with an NVIDIA driver new enough for CUDA 12 (CUDA minor-version compatibility
# covers drivers >= 525 for the 12.x libraries) and the NVIDIA Container Toolkit.
ARG FLINK_IMAGE=flink:2.2.1-java17
ARG CUDA_IMAGE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu22.04

FROM ${FLINK_IMAGE} AS flink

FROM ${CUDA_IMAGE}

# What the Flink image's entrypoint and scripts use: bash, envsubst (gettext-base), jemalloc (the
# entrypoint preloads it), snappy; wget for health checks; libgomp1 as in processor.Dockerfile.
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends \
      ca-certificates gettext-base libjemalloc-dev libsnappy1v5 libgomp1 wget; \
    rm -rf /var/lib/apt/lists/*

ENV LANG=C.UTF-8 \
    JAVA_HOME=/opt/java/openjdk \
    FLINK_HOME=/opt/flink
ENV PATH=${FLINK_HOME}/bin:${JAVA_HOME}/bin:${PATH}

# The Temurin 17 runtime the Flink image runs on (portable glibc build), then Flink itself, with the
# same user and uid (9999) as the official image so volumes and file modes carry over.
COPY --from=flink /opt/java/openjdk /opt/java/openjdk
RUN groupadd --system --gid=9999 flink \
 && useradd --system --home-dir "${FLINK_HOME}" --uid=9999 --gid=flink flink
COPY --from=flink --chown=flink:flink /opt/flink /opt/flink
COPY --from=flink /docker-entrypoint.sh /docker-entrypoint.sh
WORKDIR /opt/flink

RUN ls /opt/flink/plugins/metrics-prometheus/flink-metrics-prometheus-*.jar \
 && java -version \
 && mkdir -p /flink-data/checkpoints /flink-data/savepoints /opt/ferstream/conf /opt/ferstream/bin \
 && chown -R flink:flink /flink-data /opt/ferstream

COPY --chown=flink:flink models/face-api/tiny_face_detector.json models/face-api/tiny_face_detector.onnx \
     models/face-api/face_expression.json models/face-api/face_expression.onnx \
     models/face-api/MODEL_CARD.md /opt/ferstream/models/face-api/
COPY --chown=flink:flink models/lnlj/lnlj.json models/lnlj/lnlj.onnx models/lnlj/README.md \
     /opt/ferstream/models/lnlj/

# Built with -Pgpu: the same artifact name, with onnxruntime_gpu inside.
COPY --chown=flink:flink processor/job/target/ferstream-processor-0.1.0-SNAPSHOT-job.jar \
     /opt/flink/usrlib/ferstream-processor-job.jar

COPY --chown=flink:flink docker/submit-job.sh /opt/ferstream/bin/submit-job.sh
COPY --chown=flink:flink docker/job.properties /opt/ferstream/conf/job.properties

# The CUDA base image already sets NVIDIA_VISIBLE_DEVICES=all and
# NVIDIA_DRIVER_CAPABILITIES=compute,utility; the runtime (compose device reservation, or the
# Kubernetes device plugin for nvidia.com/gpu) decides which GPU the container sees.
USER flink
EXPOSE 6123 8081 9249
ENTRYPOINT ["/docker-entrypoint.sh"]
CMD ["help"]
