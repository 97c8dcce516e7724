# syntax=docker/dockerfile:1
# FerStream ingest image: ferstream-camera and the frame gate, from one fat jar.
# Build from the repository root after `mvn -B -DskipTests package` (docker/build.sh does both):
#   docker build -f docker/ingest.Dockerfile -t ferstream/ingest:0.1.0-SNAPSHOT .
# Run with the main class first:
#   docker run --rm ferstream/ingest:0.1.0-SNAPSHOT io.ferstream.ingest.camera.CameraCli --help
#   docker run --rm ferstream/ingest:0.1.0-SNAPSHOT io.ferstream.ingest.gate.FrameGate --help
# glibc and x86_64 only: the bytedeco FFmpeg/OpenCV natives in the jar are linux-x86_64.
FROM eclipse-temurin:17-jre-noble

# libgomp1: the OpenMP runtime, in case the OpenCV/OpenBLAS natives need the system's.
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends libgomp1; \
    rm -rf /var/lib/apt/lists/*; \
    groupadd --system --gid=10001 ferstream; \
    useradd --system --uid=10001 --gid=ferstream --groups video --home-dir /opt/ferstream ferstream; \
    mkdir -p /opt/ferstream /var/lib/ferstream/gate; \
    chown -R ferstream:ferstream /var/lib/ferstream

COPY --chown=ferstream:ferstream ingest/target/ferstream-ingest-0.1.0-SNAPSHOT-all.jar /opt/ferstream/ingest.jar

# The heap follows the container's memory limit; frames are at most 8 MiB each.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0"
USER ferstream
WORKDIR /opt/ferstream
# 8090: the gate's status endpoint when started with --http-port=8090 (compose does).
EXPOSE 8090
ENTRYPOINT ["java", "-cp", "/opt/ferstream/ingest.jar"]
CMD ["io.ferstream.ingest.camera.CameraCli", "--help"]
