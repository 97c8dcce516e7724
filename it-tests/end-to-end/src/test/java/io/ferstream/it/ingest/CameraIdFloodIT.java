package io.ferstream.it.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.it.ingest.IngestSupport.GateTopics;
import io.ferstream.registry.AvroSerializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ImageEncoding;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.EmbeddedStackExtension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 distinct, valid camera ids within a minute, with a real camera among them, through the
 * shipped gate in a process of its own (256 MB heap) on the real broker. The gate keeps statuses
 * for its bound of cameras only, its metric count does not grow with the ids, its heap stays where
 * it was, and every frame, the real camera's included, passes. The gate's JMX (every Kafka Streams
 * and client metric it has) and its status endpoint are read from outside.
 */
@ExtendWith(EmbeddedStackExtension.class)
class CameraIdFloodIT {

    private static final int FLOOD = 100_000;
    private static final int REAL_CAMERA_EVERY = 1_000;
    private static final int MAX_CAMERAS = 1_000;
    private static final String REAL_CAMERA = "lobby";

    @TempDir Path dir;

    @Test
    void aFloodOfCameraIdsLeavesTheGatesHeapMetricsAndStatusesBounded(EmbeddedStack stack)
            throws Exception {
        GateTopics topics = GateTopics.create(stack);
        int jmxPort = freePort();
        int httpPort = freePort();
        byte[] jpeg = jpeg(64, 48);
        Process gate = startGate(stack, topics, jmxPort, httpPort);
        try (AvroSerializer<CameraFrame> serializer =
                        new AvroSerializer<>(RegistryConfig.of(stack.registryUrl()));
                KafkaProducer<byte[], byte[]> producer = producer(stack)) {
            // the real camera's first frame passes: the gate is up, its clients and metrics made
            Instant start = Instant.now();
            producer.send(record(topics, serializer, REAL_CAMERA, 0, start, jpeg)).get();
            awaitCommitted(stack, topics.frames(), 1);
            try (JMXConnector jmx = connect(jmxPort)) {
                MBeanServerConnection gateJvm = jmx.getMBeanServerConnection();
                int metricsBefore = kafkaMetrics(gateJvm);
                long heapBefore = usedHeapAfterGc(gateJvm);

                // act: the flood in two halves, the real camera sending a frame per 1,000 ids
                long floodStart = System.nanoTime();
                int realFrames = 1;
                long[] heapAtHalf = new long[2];
                int[] metricsAtHalf = new int[2];
                long passed = 0;
                for (int half = 0; half < 2; half++) {
                    for (int i = half * FLOOD / 2; i < (half + 1) * FLOOD / 2; i++) {
                        String id = "flood-" + i;
                        producer.send(record(topics, serializer, id, 0, Instant.now(), jpeg));
                        if (i % REAL_CAMERA_EVERY == 0) {
                            producer.send(
                                    record(
                                            topics,
                                            serializer,
                                            REAL_CAMERA,
                                            realFrames,
                                            start.plusMillis(100L * realFrames),
                                            jpeg));
                            realFrames++;
                        }
                    }
                    producer.flush();
                    passed =
                            countCommitted(
                                    stack, topics.frames(), (half + 1) * FLOOD / 2 + realFrames);
                    heapAtHalf[half] = usedHeapAfterGc(gateJvm);
                    metricsAtHalf[half] = kafkaMetrics(gateJvm);
                }
                long floodMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - floodStart);

                // verify
                JsonNode statuses = get(httpPort, "/cameras");
                JsonNode real = get(httpPort, "/cameras/" + REAL_CAMERA);
                System.out.printf(
                        "[camera-id-flood] %d ids in %d ms through the gate process: %d statuses"
                                + " kept (bound %d); Kafka metrics (MBeans) %d before, %d after"
                                + " half the ids, %d after all; used heap after GC %d MB, %d MB,"
                                + " %d MB; %d of %d frames of %s accepted%n",
                        FLOOD,
                        floodMillis,
                        statuses.size(),
                        MAX_CAMERAS,
                        metricsBefore,
                        metricsAtHalf[0],
                        metricsAtHalf[1],
                        heapBefore >> 20,
                        heapAtHalf[0] >> 20,
                        heapAtHalf[1] >> 20,
                        real.get("accepted").asLong(),
                        realFrames,
                        REAL_CAMERA);
                assertTrue(gate.isAlive(), "the gate runs on");
                assertEquals(FLOOD + realFrames, passed, "every frame passes, once");
                // the bound reads RocksDB's estimate of its entries, so it holds to about 1 %
                assertTrue(
                        statuses.size() <= MAX_CAMERAS + MAX_CAMERAS / 100,
                        statuses.size() + " statuses kept");
                assertEquals(realFrames, real.get("accepted").asLong(), "the real camera flows");
                // Kafka Streams' record cache (10 MiB) fills in the first half; the second half
                // of the ids, 50,000 more, must not grow the heap or the metrics further.
                assertTrue(
                        metricsAtHalf[1] <= metricsAtHalf[0] + 5
                                && metricsAtHalf[1] <= metricsBefore + 20,
                        "metrics do not grow with camera ids: "
                                + metricsBefore
                                + " -> "
                                + metricsAtHalf[0]
                                + " -> "
                                + metricsAtHalf[1]);
                assertTrue(
                        heapAtHalf[1] <= heapAtHalf[0] + (8L << 20),
                        "the heap does not grow with camera ids: "
                                + (heapAtHalf[0] >> 20)
                                + " MB -> "
                                + (heapAtHalf[1] >> 20)
                                + " MB");
            }
        } finally {
            IngestSupport.stopGateProcess(gate);
        }
    }

    /** The shipped gate jar in a JVM of its own, with its JMX open on localhost to this test. */
    private Process startGate(EmbeddedStack stack, GateTopics topics, int jmxPort, int httpPort)
            throws Exception {
        return IngestSupport.startGateProcess(
                stack,
                topics,
                dir,
                List.of(
                        "-Xmx256m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-Dcom.sun.management.jmxremote.port=" + jmxPort,
                        "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                        "-Djava.rmi.server.hostname=127.0.0.1",
                        "-Dcom.sun.management.jmxremote.authenticate=false",
                        "-Dcom.sun.management.jmxremote.ssl=false"),
                List.of(
                        "--http-port",
                        Integer.toString(httpPort),
                        "--max-fps",
                        "0",
                        "--max-age",
                        "5m",
                        "--max-camera-statuses",
                        Integer.toString(MAX_CAMERAS)));
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedStack stack) {
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<byte[], byte[]> record(
            GateTopics topics,
            AvroSerializer<CameraFrame> serializer,
            String camera,
            long sequence,
            Instant capture,
            byte[] jpeg) {
        CameraFrame frame =
                CameraFrame.newBuilder()
                        .setCameraId(camera)
                        .setSequence(sequence)
                        .setCaptureTime(capture)
                        .setWidth(64)
                        .setHeight(48)
                        .setEncoding(ImageEncoding.JPEG)
                        .setImage(ByteBuffer.wrap(jpeg))
                        .build();
        return new ProducerRecord<>(
                topics.raw(),
                camera.getBytes(StandardCharsets.UTF_8),
                serializer.serialize(topics.raw(), frame));
    }

    /** Waits (2 minutes at most) until {@code count} records are committed to {@code topic}. */
    private static void awaitCommitted(EmbeddedStack stack, String topic, long count)
            throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        long committed = 0;
        try (Admin admin = Admin.create(stack.clientProperties())) {
            while (System.nanoTime() < deadline) {
                // the last stable offset counts records and transaction markers alike
                committed =
                        admin.listOffsets(
                                        Map.of(partition, OffsetSpec.latest()),
                                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                                .partitionResult(partition)
                                .get()
                                .offset();
                if (committed >= count) {
                    return;
                }
                Thread.sleep(500);
            }
        }
        throw new AssertionError(topic + " reached offset " + committed + ", not " + count);
    }

    /**
     * Counts the records committed to {@code topic}: reads until {@code expected} arrived (2
     * minutes at most), then on until nothing new came for a second, so a duplicate would show.
     */
    private static long countCommitted(EmbeddedStack stack, String topic, long expected) {
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            long lastNews = System.nanoTime();
            while (System.nanoTime() < deadline
                    && (count < expected
                            || System.nanoTime() - lastNews < TimeUnit.SECONDS.toNanos(1))) {
                int read = consumer.poll(Duration.ofMillis(200)).count();
                if (read > 0) {
                    count += read;
                    lastNews = System.nanoTime();
                }
            }
        }
        return count;
    }

    private static JMXConnector connect(int port) throws Exception {
        JMXServiceURL url =
                new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return JMXConnectorFactory.connect(url);
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }

    /** The Kafka Streams and client metrics of the gate: MBeans in the kafka.* domains. */
    private static int kafkaMetrics(MBeanServerConnection jvm) throws Exception {
        return (int)
                jvm.queryNames(null, null).stream()
                        .filter(name -> name.getDomain().startsWith("kafka"))
                        .count();
    }

    private static long usedHeapAfterGc(MBeanServerConnection jvm) throws Exception {
        MemoryMXBean memory =
                ManagementFactory.newPlatformMXBeanProxy(
                        jvm, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + path))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return new ObjectMapper().readTree(response.body());
    }

    private static byte[] jpeg(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
