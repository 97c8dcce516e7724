package io.ferstream.it;

import static io.ferstream.it.PipelineFixtures.GRACE;
import static io.ferstream.it.PipelineFixtures.frame;
import static io.ferstream.it.PipelineFixtures.job;
import static io.ferstream.it.PipelineFixtures.jobConfig;
import static io.ferstream.it.PipelineFixtures.runJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferstream.registry.AvroDeserializer;
import io.ferstream.registry.HostileRecords;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionEventType;
import io.ferstream.schema.FrameRejected;
import io.ferstream.schema.RejectReason;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.EmbeddedStackExtension;
import io.ferstream.stack.KafkaTestSupport;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job on a small heap (this class runs in a JVM of its own with {@code -Xmx512m}, see the
 * module's pom), reading a 17-byte record whose image declares about 2 GB between a camera's
 * frames. Avro alone allocates the declared length before reading it, an {@code OutOfMemoryError}
 * that no dead-letter path catches: the job restarted on it until its attempts ran out. Now it is a
 * dead letter, and the frames around it give the camera's events.
 */
@ExtendWith(EmbeddedStackExtension.class)
class SmallHeapJobIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final int FRAMES = 12;
    private static final int HOSTILE_AT = 5;

    @Test
    void aRecordDeclaringTwoGigabytesIsADeadLetterAndTheFramesAroundItGiveTheirEvents(
            EmbeddedStack stack) throws Exception {
        // -Dit.test=SmallHeapJobIT also selects it in the default execution, on the big heap
        assumeTrue(
                Boolean.getBoolean("ferstream.small-heap"),
                "runs in the small-heap failsafe execution only");
        assertTrue(
                Runtime.getRuntime().maxMemory() < 1L << 30,
                "runs on a heap smaller than the record declares: "
                        + Runtime.getRuntime().maxMemory());
        String frames = KafkaTestSupport.newTopic(stack, "hostile-frames", 1);
        String events = KafkaTestSupport.newTopic(stack, "hostile-events", 1);
        String dlq = KafkaTestSupport.newTopic(stack, "hostile-dlq", 1);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (var writer = new PipelineFixtures.FrameWriter(stack, frames)) {
            for (int i = 0; i < FRAMES; i++) {
                byte[] value = writer.value(frame("desk", i, i * 100L, GRACE, 512, 512));
                if (i == HOSTILE_AT) {
                    records.add(
                            writer.raw(
                                    "desk",
                                    HostileRecords.imageDeclaring(
                                            value, HostileRecords.TWO_GIGABYTES)));
                }
                records.add(writer.raw("desk", value));
            }
        }
        KafkaTestSupport.produceRaw(stack, records);

        runJob(job(jobConfig(stack, frames, events, dlq)));

        RegistryConfig registry = RegistryConfig.of(stack.registryUrl());
        List<ExpressionEvent> committed =
                KafkaTestSupport.consumeCommitted(
                        stack, events, new AvroDeserializer<>(ExpressionEvent.class, registry));
        List<FrameRejected> deadLetters =
                KafkaTestSupport.consumeCommitted(
                        stack, dlq, new AvroDeserializer<>(FrameRejected.class, registry));
        assertEquals(1, deadLetters.size(), "one dead letter: " + deadLetters);
        FrameRejected letter = deadLetters.get(0);
        assertEquals(RejectReason.UNDECODABLE_RECORD, letter.getReason());
        assertEquals(HOSTILE_AT, letter.getSourceOffset());
        assertTrue(letter.getMessage().contains("declares 2147483639 bytes"), letter.getMessage());
        assertEquals(1, count(committed, ExpressionEventType.TRACK_STARTED), "" + committed);
        assertEquals(1, count(committed, ExpressionEventType.TRACK_ENDED), "" + committed);
    }

    private static long count(List<ExpressionEvent> events, ExpressionEventType type) {
        return events.stream().filter(e -> e.getType() == type).count();
    }
}
