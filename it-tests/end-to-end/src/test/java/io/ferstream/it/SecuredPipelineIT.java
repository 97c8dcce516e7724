package io.ferstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.ingest.gate.FrameGate;
import io.ferstream.ingest.gate.GateConfig;
import io.ferstream.kafka.KafkaAccessException;
import io.ferstream.processor.config.JobConfig;
import io.ferstream.processor.job.FerStreamJob;
import io.ferstream.registry.AvroDeserializer;
import io.ferstream.registry.AvroSerializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionEventType;
import io.ferstream.schema.FrameRejected;
import io.ferstream.schema.ImageEncoding;
import io.ferstream.schema.RejectReason;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.KafkaTestSupport;
import io.ferstream.stack.StackAcls;
import io.ferstream.stack.StackSecurity;
import io.ferstream.topics.Topics;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on a secured stack: SASL_SSL with SCRAM-SHA-512 and ACLs per principal at the
 * broker, https with basic auth at the registry, keys and passwords made for this run.
 */
class SecuredPipelineIT {

    private static final int PROMETHEUS_PORT = freePort();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(prometheus())
                            .build());

    private static final String CAMERA_ID = "secured-desk";
    private static final int FRAMES = 12;

    @TempDir static Path keys;

    private static final Logger LOG = LoggerFactory.getLogger(SecuredPipelineIT.class);

    private static EmbeddedStack stack;
    private static StackSecurity security;

    @BeforeAll
    static void startSecuredStack() {
        security = StackSecurity.generate(keys);
        stack = EmbeddedStack.startSecured(EmbeddedStack.Options.defaults(), security);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * Camera, gate, job and an event consumer, each its own principal, run the pipeline; a wrong
     * password stops the gate and the job at once with the reason. Then every log line at INFO, the
     * dead letters, the job's Prometheus scrape and every JMX attribute are searched for the
     * passwords, the key store's password and the basic-auth headers: none may hold one.
     */
    @Test
    void theSecuredPipelineEmitsEventsAndNoSecret(@TempDir Path gateState) throws Exception {
        String wrongPassword = "wrong-" + UUID.randomUUID();
        List<String> secrets = new ArrayList<>(security.secrets());
        secrets.add(wrongPassword);
        Map<String, String> users = new HashMap<>();
        StackSecurity.PRINCIPALS.forEach(p -> users.put(p, security.password(p)));
        String summary;
        try (SecretScan scan = new SecretScan(secrets, users)) {
            // A wrong password stops each component before it starts, with the reason.
            KafkaAccessException gateRefused =
                    assertThrows(
                            KafkaAccessException.class,
                            () ->
                                    new FrameGate(gateConfig(gateState, wrongPassword).build())
                                            .start());
            assertTrue(gateRefused.refused());
            assertTrue(
                    gateRefused.getMessage().contains("refused the credentials"),
                    gateRefused.getMessage());
            Map<String, String> wrongJob = jobConfig(StackSecurity.PROCESSOR);
            wrongJob.put(
                    "kafka.sasl.jaas.config",
                    security.kafkaClient(StackSecurity.PROCESSOR, wrongPassword)
                            .get("sasl.jaas.config")
                            .toString());
            KafkaAccessException jobRefused =
                    assertThrows(
                            KafkaAccessException.class,
                            () -> FerStreamJob.checkKafkaAccess(JobConfig.fromMap(wrongJob)));
            assertTrue(
                    jobRefused
                            .getMessage()
                            .contains("refused the credentials of the FerStream job"),
                    jobRefused.getMessage());
            LOG.info("refusals: {} / {}", gateRefused.getMessage(), jobRefused.getMessage());

            // The camera writes frames, a record of an unknown schema and one of no schema.
            produceAsCamera();
            try (FrameGate gate = new FrameGate(gateConfig(gateState, null).build())) {
                gate.start();
                awaitCount(Topics.FRAMES, FRAMES);

                JobConfig job = JobConfig.fromMap(jobConfig(StackSecurity.PROCESSOR));
                LOG.info("Starting FerStream with {}", job);
                FerStreamJob.checkKafkaAccess(job);
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.getExecutionEnvironment();
                FerStreamJob.fromConfig(job).build(env);
                JobClient running = env.executeAsync("ferstream-secured");
                try {
                    ExpressionEvent started = awaitTrackStartedAsConsumer();
                    assertEquals(CAMERA_ID, started.getCameraId());
                    String scrape = scrapePrometheus();
                    assertTrue(scrape.contains("flink_taskmanager_job_task_operator"), scrape);
                    scan.scan("the job's Prometheus scrape", scrape);
                    assertTrue(scan.scanJmx() > 100, "JMX has the clients' and Flink's beans");
                } finally {
                    running.cancel().get(60, TimeUnit.SECONDS);
                }
            }

            List<byte[]> deadLetters =
                    KafkaTestSupport.consumeCommitted(
                            stack, Topics.FRAMES_DLQ, new ByteArrayDeserializer());
            AvroDeserializer<FrameRejected> letters =
                    new AvroDeserializer<>(
                            FrameRejected.class, stack.registryConfig(StackSecurity.ADMIN));
            boolean unknownSchema = false;
            for (byte[] letter : deadLetters) {
                scan.scan("a dead letter", new String(letter, StandardCharsets.ISO_8859_1));
                FrameRejected rejected = letters.deserialize(Topics.FRAMES_DLQ, letter);
                if (rejected.getReason() == RejectReason.UNKNOWN_SCHEMA) {
                    unknownSchema = true;
                    // the message names the registry it asked, without the URL's credentials
                    assertTrue(
                            rejected.getMessage().contains(registryHostAndPort()),
                            rejected.getMessage());
                }
            }
            assertTrue(unknownSchema, "the record of an unknown schema is a dead letter");

            assertTrue(scan.logged("sasl.jaas.config"), "Kafka's config dumps were read");
            assertTrue(scan.logged("starting frame gate"), "the gate's config was read");
            assertEquals(List.of(), scan.findings(), "secrets found");
            summary =
                    scan.logLines()
                            + " log lines, "
                            + deadLetters.size()
                            + " dead letters, the scrape and JMX";
        }
        LOG.info("secret scan: no secret in {}", summary);
    }

    private static void produceAsCamera() throws Exception {
        Instant now = Instant.now();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (AvroSerializer<CameraFrame> serializer =
                new AvroSerializer<>(stack.registryConfig(StackSecurity.CAMERA))) {
            byte[] image = PipelineFixtures.bytes(PipelineFixtures.GRACE);
            for (int i = 0; i < FRAMES; i++) {
                CameraFrame frame =
                        CameraFrame.newBuilder()
                                .setCameraId(CAMERA_ID)
                                .setSequence(i)
                                .setCaptureTime(now.plusMillis(i * 100L))
                                .setWidth(512)
                                .setHeight(512)
                                .setEncoding(ImageEncoding.JPEG)
                                .setImage(ByteBuffer.wrap(image))
                                .build();
                records.add(record(serializer.serialize(Topics.FRAMES_RAW, frame)));
            }
        }
        // Confluent's wire format naming schema 424242, which the registry does not have.
        records.add(record(ByteBuffer.allocate(9).put((byte) 0).putInt(424_242).array()));
        KafkaTestSupport.produceRaw(stack.clientProperties(StackSecurity.CAMERA), records);
    }

    private static ProducerRecord<byte[], byte[]> record(byte[] value) {
        return new ProducerRecord<>(
                Topics.FRAMES_RAW, CAMERA_ID.getBytes(StandardCharsets.UTF_8), value);
    }

    /**
     * The gate as its own principal. Its registry credentials sit in the registry URL ({@code
     * basic.auth.credentials.source=URL}), the form that once leaked into dead letters.
     */
    private static GateConfig.Builder gateConfig(Path stateDir, String wrongPassword) {
        Map<String, String> client = new HashMap<>();
        Map<String, Object> kafka =
                wrongPassword == null
                        ? security.kafkaClient(StackSecurity.GATE)
                        : security.kafkaClient(StackSecurity.GATE, wrongPassword);
        kafka.forEach((k, v) -> client.put(k, v.toString()));
        Map<String, String> registry = new HashMap<>(security.registryClient(StackSecurity.GATE));
        registry.remove("basic.auth.user.info");
        registry.put("basic.auth.credentials.source", "URL");
        registry.put(
                "schema.registry.url",
                stack.registryUrl()
                        .replace(
                                "https://",
                                "https://gate:" + security.password(StackSecurity.GATE) + "@"));
        return GateConfig.builder(stack.bootstrapServers(), RegistryConfig.fromProperties(registry))
                .maxAge(Duration.ofMinutes(2))
                .statusInterval(Duration.ofSeconds(1))
                .httpPort(0)
                .stateDir(stateDir.toString())
                .streamsOverrides(client);
    }

    /** The job as {@code principal}, on the stack's topics, unbounded. */
    private static Map<String, String> jobConfig(String principal) {
        Map<String, String> config =
                PipelineFixtures.jobConfig(
                        stack.bootstrapServers(),
                        stack.registryUrl(),
                        Topics.FRAMES,
                        Topics.EXPRESSION_EVENTS,
                        Topics.FRAMES_DLQ);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        config.put("source.group-id", StackAcls.PROCESSOR_PREFIX + "-" + suffix);
        config.put("sink.transactional-id-prefix", StackAcls.PROCESSOR_PREFIX + "-" + suffix);
        config.put("source.bounded", "false");
        security.kafkaClient(principal).forEach((k, v) -> config.put("kafka." + k, v.toString()));
        config.putAll(security.registryClient(principal));
        return config;
    }

    private static void awaitCount(String topic, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int seen = 0;
        while (System.nanoTime() < deadline) {
            seen =
                    KafkaTestSupport.consumeCommitted(stack, topic, new ByteArrayDeserializer())
                            .size();
            if (seen >= count) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(topic + " had " + seen + " of " + count + " records after 60 s");
    }

    /** Reads the events as the consumer principal until the camera's track has started. */
    private static ExpressionEvent awaitTrackStartedAsConsumer() {
        AvroDeserializer<ExpressionEvent> events =
                new AvroDeserializer<>(
                        ExpressionEvent.class, stack.registryConfig(StackSecurity.CONSUMER));
        try (KafkaConsumer<String, ExpressionEvent> consumer =
                KafkaTestSupport.committedConsumer(
                        stack.clientProperties(StackSecurity.CONSUMER),
                        Topics.EXPRESSION_EVENTS,
                        events)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value().getType() == ExpressionEventType.TRACK_STARTED) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("no TRACK_STARTED within 120 s");
    }

    private static String scrapePrometheus() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + PROMETHEUS_PORT + "/metrics"))
                        .timeout(Duration.ofSeconds(10))
                        .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String registryHostAndPort() {
        URI registry = URI.create(stack.registryUrl());
        return registry.getHost() + ":" + registry.getPort();
    }

    private static Configuration prometheus() {
        Configuration config = new Configuration();
        config.setString(
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        config.setString("metrics.reporter.prom.port", Integer.toString(PROMETHEUS_PORT));
        return config;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aClientWithoutCredentialsIsRefused() {
        Map<String, Object> plaintext =
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        Map<String, Object> tlsOnly = new HashMap<>(security.kafkaClient(StackSecurity.ADMIN));
        tlsOnly.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        tlsOnly.remove("sasl.jaas.config");
        tlsOnly.remove("sasl.mechanism");
        tlsOnly.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        for (Map<String, Object> props : java.util.List.of(plaintext, tlsOnly)) {
            try (Admin admin = Admin.create(props)) {
                ExecutionException refused =
                        assertThrows(
                                ExecutionException.class,
                                () ->
                                        admin.describeCluster(
                                                        new DescribeClusterOptions()
                                                                .timeoutMs(5000))
                                                .nodes()
                                                .get(20, TimeUnit.SECONDS),
                                "a client speaking " + props.get("security.protocol"));
                assertInstanceOf(
                        org.apache.kafka.common.errors.TimeoutException.class, refused.getCause());
            }
        }
    }

    @Test
    void aCameraMayWriteFramesButNotEvents() throws Exception {
        Map<String, Object> props = stack.clientProperties(StackSecurity.CAMERA);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<byte[], byte[]> camera =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            // Not a frame: the gate would dead-letter it. Only the right to write is at stake.
            camera.send(new ProducerRecord<>(Topics.FRAMES_RAW, new byte[] {1}))
                    .get(20, TimeUnit.SECONDS);
            ExecutionException denied =
                    assertThrows(
                            ExecutionException.class,
                            () ->
                                    camera.send(
                                                    new ProducerRecord<>(
                                                            Topics.EXPRESSION_EVENTS,
                                                            new byte[] {1}))
                                            .get(20, TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, denied.getCause());
        }
    }

    @Test
    void aWrongPasswordFailsFastWithTheReason() {
        Map<String, Object> props =
                new HashMap<>(security.kafkaClient(StackSecurity.CAMERA, "not-the-password"));
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        long started = System.nanoTime();
        try (Admin admin = Admin.create(props)) {
            ExecutionException refused =
                    assertThrows(
                            ExecutionException.class,
                            () ->
                                    admin.describeCluster(
                                                    new DescribeClusterOptions().timeoutMs(30_000))
                                            .nodes()
                                            .get(40, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, refused.getCause());
            assertTrue(
                    refused.getCause().getMessage().contains("invalid credentials"),
                    refused.getCause().getMessage());
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertTrue(seconds < 10, "refused after " + seconds + " s, not at once");
    }
}
