# syntax=docker/dockerfile:1
# FerStream viewer image: the viewer's fat jar (JDK HTTP server, ImageIO; no natives).
# Build from the repository root after `mvn -B -DskipTests package` (docker/build.sh does both):
#   docker build -f docker/viewer.Dockerfile -t ferstream/viewer:0.1.0-SNAPSHOT .
# Run (in a container it must listen on 0.0.0.0, so it needs a token; publish it to loopback only):
#   docker run --rm -p 127.0.0.1:8070:8070 -e FERSTREAM_VIEWER_TOKEN=... ferstream/viewer:0.1.0-SNAPSHOT \
#     --bind=0.0.0.0 --bootstrap-servers=kafka:19092 --registry-url=http://schema-registry:8081 \
#     --flink-rest-url=http://jobmanager:8081
FROM eclipse-temurin:17-jre-noble

RUN set -eux; \
    groupadd --system --gid=10001 ferstream; \
    useradd --system --uid=10001 --gid=ferstream --home-dir /opt/ferstream ferstream; \
    mkdir -p /opt/ferstream

COPY --chown=ferstream:ferstream processor/viewer/target/ferstream-viewer-0.1.0-SNAPSHOT-all.jar /opt/ferstream/viewer.jar

# Frames wait in memory only (bounded: --max-cameras x --max-frame-bytes-per-camera); a modest heap.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0 -Djava.awt.headless=true"
USER ferstream
WORKDIR /opt/ferstream
EXPOSE 8070
HEALTHCHECK --interval=10s --timeout=3s CMD ["sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8070 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ok <&3"]
ENTRYPOINT ["java", "-jar", "/opt/ferstream/viewer.jar"]
CMD ["--help"]
