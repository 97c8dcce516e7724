package io.ferstream.it;

import io.ferstream.inference.model.ModelsDirectory;
import io.ferstream.processor.config.JobConfig;
import io.ferstream.processor.job.FerStreamJob;
import io.ferstream.registry.AvroSerializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ImageEncoding;
import io.ferstream.stack.EmbeddedStack;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Real face photos as frames, and the job configured against the embedded stack. */
final class PipelineFixtures {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** One face (public domain), 512x512; face-api: neutral 0.92. */
    static final Path GRACE = fixture("grace_hopper_512x512.jpg");

    /** Three faces, 1920x1280; face-api: happy, happy, happy. */
    static final Path GROUP = fixture("sample1.jpg");

    private PipelineFixtures() {}

    static Path fixture(String name) {
        return ModelsDirectory.locate().resolve("fixtures").resolve(name);
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static CameraFrame frame(
            String camera, long sequence, long offsetMillis, Path image, int width, int height) {
        return frame(camera, sequence, offsetMillis, bytes(image), width, height);
    }

    static CameraFrame frame(
            String camera, long sequence, long offsetMillis, byte[] image, int width, int height) {
        return CameraFrame.newBuilder()
                .setCameraId(camera)
                .setSequence(sequence)
                .setCaptureTime(T0.plusMillis(offsetMillis))
                .setWidth(width)
                .setHeight(height)
                .setEncoding(ImageEncoding.JPEG)
                .setImage(ByteBuffer.wrap(image))
                .build();
    }

    /** Serializes through the registry, as a camera would, keyed by camera id. */
    static final class FrameWriter implements AutoCloseable {
        private final AvroSerializer<CameraFrame> serializer;
        private final String topic;

        FrameWriter(EmbeddedStack stack, String topic) {
            this(stack.registryUrl(), topic);
        }

        FrameWriter(String registryUrl, String topic) {
            this.serializer = new AvroSerializer<>(RegistryConfig.of(registryUrl));
            this.topic = topic;
        }

        byte[] value(CameraFrame frame) {
            return serializer.serialize(topic, frame);
        }

        ProducerRecord<byte[], byte[]> record(CameraFrame frame) {
            return raw(frame.getCameraId(), value(frame));
        }

        ProducerRecord<byte[], byte[]> raw(String camera, byte[] value) {
            return new ProducerRecord<>(topic, camera.getBytes(StandardCharsets.UTF_8), value);
        }

        @Override
        public void close() {
            serializer.close();
        }
    }

    /** Job settings for a bounded replay of {@code frames} into fresh output topics. */
    static Map<String, String> jobConfig(
            EmbeddedStack stack, String frames, String events, String dlq) {
        return jobConfig(stack.bootstrapServers(), stack.registryUrl(), frames, events, dlq);
    }

    static Map<String, String> jobConfig(
            String bootstrapServers, String registryUrl, String frames, String events, String dlq) {
        Map<String, String> m = new HashMap<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        m.put("kafka.bootstrap.servers", bootstrapServers);
        m.put("schema.registry.url", registryUrl);
        m.put("topics.frames", frames);
        m.put("topics.events", events);
        m.put("topics.dlq", dlq);
        m.put("source.group-id", "it-" + run);
        m.put("source.starting-offsets", "earliest");
        m.put("source.bounded", "true");
        m.put("mode", "replay");
        m.put("checkpoint.interval", "300ms");
        m.put("restart.delay", "200ms");
        m.put("sink.transactional-id-prefix", "it-" + run);
        m.put("parallelism", "2");
        m.put("tracking.min-hits", "3");
        m.put("tracking.max-age", "1s");
        return m;
    }

    /** Runs the job on the test's MiniCluster until its bounded source is exhausted. */
    static void runJob(FerStreamJob job) throws Exception {
        runJob(job, new Configuration());
    }

    /** The same, with {@code settings} on the job's environment (checkpoint storage, say). */
    static void runJob(FerStreamJob job, Configuration settings) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(settings);
        job.build(env);
        env.execute("ferstream-it");
    }

    static FerStreamJob job(Map<String, String> config) {
        return FerStreamJob.fromConfig(JobConfig.fromMap(config));
    }

    /**
     * What must be equal between two runs over the same input (processing-time fields excluded).
     */
    static String canonical(ExpressionEvent e) {
        return e.getEventId()
                + " "
                + e.getType()
                + " cam="
                + e.getCameraId()
                + " track="
                + e.getTrackId()
                + " seq="
                + e.getFrameSequence()
                + " t="
                + e.getEventTime().toEpochMilli()
                + " "
                + e.getExpression()
                + (e.getSummary() == null
                        ? ""
                        : " obs="
                                + e.getSummary().getObservations()
                                + " dominant="
                                + e.getSummary().getDominantExpression());
    }
}
