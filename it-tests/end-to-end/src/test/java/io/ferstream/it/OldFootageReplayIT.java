package io.ferstream.it;

import static io.ferstream.it.PipelineFixtures.GRACE;
import static io.ferstream.it.PipelineFixtures.GROUP;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ImageEncoding;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.EmbeddedStackExtension;
import io.ferstream.stack.KafkaTestSupport;
import io.ferstream.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Footage from a year ago, replayed into an events topic that keeps seven days: every event's Kafka
 * timestamp is when it was written, so the topic's retention counts from then. With the capture
 * time as Kafka timestamp, as before, the broker deleted such events at its next retention check
 * (measured: 155 emitted, 125 left to read).
 */
@ExtendWith(EmbeddedStackExtension.class)
class OldFootageReplayIT {

    private static final Instant A_YEAR_AGO = Instant.now().minus(Duration.ofDays(365));

    @Test
    void shouldStampTheEventsOfOldFootageWithTheTimeTheyWereWritten(EmbeddedStack stack)
            throws Exception {
        // configure: a year-old recording of two cameras, an events topic as the stack makes it
        String frames = KafkaTestSupport.newTopic(stack, "old-frames", 2);
        String events = "old-events-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(stack.clientProperties())) {
            admin.createTopics(
                            Set.of(
                                    new NewTopic(events, 2, (short) 1)
                                            .configs(Topics.eventTopicConfig())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        String dlq = KafkaTestSupport.newTopic(stack, "old-dlq", 1);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (var writer = new PipelineFixtures.FrameWriter(stack, frames)) {
            for (int i = 0; i < 30; i++) {
                if (i < 12 || i >= 20) { // Grace leaves in the middle: two tracks
                    records.add(writer.record(frame("grace", i, GRACE, 512, 512)));
                }
                if (i % 3 == 0) {
                    records.add(writer.record(frame("group", i, GROUP, 1920, 1280)));
                }
            }
        }
        KafkaTestSupport.produceRaw(stack, records);
        long replayedFrom = System.currentTimeMillis();

        // act
        PipelineFixtures.runJob(
                PipelineFixtures.job(PipelineFixtures.jobConfig(stack, frames, events, dlq)));

        // verify: year-old events, each stamped with the moment it was written
        List<ConsumerRecord<String, ExpressionEvent>> written = new ArrayList<>();
        try (var consumer =
                KafkaTestSupport.committedConsumer(
                        stack.clientProperties(),
                        events,
                        LiveRun.deserializer(stack.registryUrl()))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (written.size() < 10 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(written::add);
            }
        }
        long retention = Long.parseLong(Topics.eventTopicConfig().get("retention.ms"));
        assertTrue(written.size() >= 10, "two grace tracks, three group tracks: " + written.size());
        for (ConsumerRecord<String, ExpressionEvent> record : written) {
            assertTrue(
                    record.value().getEventTime().toEpochMilli() < replayedFrom - retention,
                    "an event about footage older than the topic's retention");
            assertTrue(
                    record.timestamp() >= replayedFrom,
                    "stamped when written, not at capture: "
                            + Instant.ofEpochMilli(record.timestamp()));
        }
    }

    private static CameraFrame frame(String camera, int tick, Path image, int width, int height) {
        return CameraFrame.newBuilder()
                .setCameraId(camera)
                .setSequence(tick)
                .setCaptureTime(A_YEAR_AGO.plusMillis(tick * 200L))
                .setWidth(width)
                .setHeight(height)
                .setEncoding(ImageEncoding.JPEG)
                .setImage(ByteBuffer.wrap(PipelineFixtures.bytes(image)))
                .build();
    }
}
