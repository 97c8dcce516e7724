package io.ferstream.it.ingest;

import io.ferstream.ingest.gate.CameraStatus;
import io.ferstream.ingest.gate.CameraStatusSerde;
import io.ferstream.ingest.gate.FrameGate;
import io.ferstream.ingest.gate.GateConfig;
import io.ferstream.ingest.gate.ProcessingMode;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.KafkaTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The frame gate on fresh topics of the shared stack, and ways to look at what it did. */
final class IngestSupport {

    /** Fresh topics for one gate. */
    record GateTopics(String raw, String frames, String dlq, String status) {
        static GateTopics create(EmbeddedStack stack) throws Exception {
            return new GateTopics(
                    KafkaTestSupport.newTopic(stack, "frames.raw"),
                    KafkaTestSupport.newTopic(stack, "frames"),
                    KafkaTestSupport.newTopic(stack, "frames.dlq"),
                    KafkaTestSupport.newTopic(stack, "frames.camera-status"));
        }
    }

    private IngestSupport() {}

    /**
     * A gate on {@code topics}: exactly-once, own application id and state dir, status endpoint on
     * an ephemeral port, statuses written every second. The max age is 2 minutes, not 30 s, so a
     * slow machine cannot turn the tests' fresh frames stale.
     */
    static GateConfig.Builder gate(EmbeddedStack stack, GateTopics topics, Path stateDir) {
        return GateConfig.builder(stack.bootstrapServers(), RegistryConfig.of(stack.registryUrl()))
                .applicationId("ingest-it-" + UUID.randomUUID().toString().substring(0, 8))
                .inputTopic(topics.raw())
                .outputTopic(topics.frames())
                .dlqTopic(topics.dlq())
                .statusTopic(topics.status())
                .processingMode(ProcessingMode.EXACTLY_ONCE_V2)
                .maxAge(Duration.ofMinutes(2))
                .statusInterval(Duration.ofSeconds(1))
                .httpPort(0)
                .stateDir(stateDir.toString());
    }

    /**
     * The shipped gate jar in a JVM of its own on {@code topics}: its own application id, state
     * under {@code dir}, output to {@code dir/gate.log}. {@code jvmOptions} go before the class
     * path (a heap size, say), {@code gateOptions} after the gate's topic options.
     */
    static Process startGateProcess(
            EmbeddedStack stack,
            GateTopics topics,
            Path dir,
            List<String> jvmOptions,
            List<String> gateOptions)
            throws java.io.IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(
                List.of(
                        "-cp",
                        System.getProperty("ferstream.jar.ingest"),
                        "io.ferstream.ingest.gate.FrameGate",
                        "--bootstrap-servers",
                        stack.bootstrapServers(),
                        "--registry-url",
                        stack.registryUrl(),
                        "--application-id",
                        "gate-" + UUID.randomUUID().toString().substring(0, 8),
                        "--input-topic",
                        topics.raw(),
                        "--output-topic",
                        topics.frames(),
                        "--dlq-topic",
                        topics.dlq(),
                        "--status-topic",
                        topics.status(),
                        "--state-dir",
                        dir.resolve("gate-state").toString()));
        command.addAll(gateOptions);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("gate.log").toFile())
                .start();
    }

    /** Stops a gate process: SIGTERM, then a kill after 30 s. */
    static void stopGateProcess(Process gate) throws InterruptedException {
        gate.destroy();
        if (!gate.waitFor(30, TimeUnit.SECONDS)) {
            gate.destroyForcibly();
        }
    }

    /**
     * Everything in {@code topic} from the start: waits (30 s at most) until {@code expected}
     * records arrived, then reads on until nothing new came for a second, so duplicates show.
     *
     * @param committedOnly read_committed (what downstream consumers of the gate's transactions
     *     see)
     */
    static List<ConsumerRecord<String, byte[]>> readAll(
            EmbeddedStack stack, String topic, int expected, boolean committedOnly) {
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                committedOnly ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 9 * 1024 * 1024);
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long lastNews = System.nanoTime();
            while (System.nanoTime() < deadline
                    && (read.size() < expected
                            || System.nanoTime() - lastNews < TimeUnit.SECONDS.toNanos(1))) {
                var batch = consumer.poll(Duration.ofMillis(100));
                if (!batch.isEmpty()) {
                    batch.forEach(read::add);
                    lastNews = System.nanoTime();
                }
            }
        }
        return read;
    }

    /**
     * The camera's status from the gate's HTTP endpoint ({@code GET /cameras/{id}}), polled until
     * {@code until} holds (the store is updated as records are processed); fails after 30 s with
     * the last answer.
     */
    static CameraStatus awaitStatus(FrameGate gate, String cameraId, Predicate<CameraStatus> until)
            throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + gate.statusPort() + "/cameras/" + cameraId);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var json = new CameraStatusSerde().deserializer();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> response =
                    http.send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(5))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            last =
                    response.statusCode()
                            + " "
                            + new String(response.body(), StandardCharsets.UTF_8);
            if (response.statusCode() == 200) {
                CameraStatus status = json.deserialize(null, response.body());
                if (until.test(status)) {
                    return status;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "GET "
                        + uri
                        + " did not report the expected status within 30 s; last answer: "
                        + last);
    }
}
