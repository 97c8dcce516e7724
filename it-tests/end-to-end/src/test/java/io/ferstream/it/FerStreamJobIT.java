package io.ferstream.it;

import static io.ferstream.it.PipelineFixtures.GRACE;
import static io.ferstream.it.PipelineFixtures.GROUP;
import static io.ferstream.it.PipelineFixtures.bytes;
import static io.ferstream.it.PipelineFixtures.canonical;
import static io.ferstream.it.PipelineFixtures.frame;
import static io.ferstream.it.PipelineFixtures.job;
import static io.ferstream.it.PipelineFixtures.jobConfig;
import static io.ferstream.it.PipelineFixtures.runJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.processor.tracking.FrameFaces;
import io.ferstream.registry.AvroDeserializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionEventType;
import io.ferstream.schema.ExpressionSummary;
import io.ferstream.schema.FrameRejected;
import io.ferstream.schema.LabelDuration;
import io.ferstream.schema.RejectReason;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.EmbeddedStackExtension;
import io.ferstream.stack.KafkaTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on real components: the embedded KRaft broker and registry, a Flink MiniCluster,
 * the real ONNX models and real face photos.
 */
@ExtendWith(EmbeddedStackExtension.class)
class FerStreamJobIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void shouldEmitTrackEventsForRealFaces(EmbeddedStack stack) throws Exception {
        // configure: Grace Hopper (one face) and a group photo (three faces), each a short track
        Topics t = Topics.create(stack);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (var writer = new PipelineFixtures.FrameWriter(stack, t.frames)) {
            for (int i = 0; i < 6; i++) {
                records.add(writer.record(frame("grace", i, i * 100L, GRACE, 512, 512)));
                records.add(writer.record(frame("group", i, i * 100L, GROUP, 1920, 1280)));
            }
        }
        KafkaTestSupport.produceRaw(stack, records);

        // act
        runJob(job(jobConfig(stack, t.frames, t.events, t.dlq)));

        // verify
        List<ExpressionEvent> events =
                KafkaTestSupport.consumeCommitted(stack, t.events, events(stack));
        Map<String, List<ExpressionEvent>> byCamera =
                events.stream().collect(Collectors.groupingBy(ExpressionEvent::getCameraId));

        List<ExpressionEvent> grace = byCamera.get("grace");
        assertEquals(
                List.of(ExpressionEventType.TRACK_STARTED, ExpressionEventType.TRACK_ENDED),
                types(grace));
        ExpressionEvent started = grace.get(0);
        assertEquals(
                "neutral",
                started.getExpression(),
                "face-api says neutral (0.92) for Grace Hopper");
        assertEquals(
                2, started.getFrameSequence(), "confirmed on the third observation (minHits 3)");
        // face-api's box (jpeg-js decode): x 141.1, y 116.3, w 232.9, h 221.1 on 512x512
        assertEquals(141.1 / 512, started.getBox().getX(), 0.01);
        assertEquals(116.3 / 512, started.getBox().getY(), 0.01);
        assertEquals(232.9 / 512, started.getBox().getWidth(), 0.01);
        assertEquals(221.1 / 512, started.getBox().getHeight(), 0.01);
        assertEquals("face-api-expression", started.getModel().getName());
        ExpressionEvent ended = grace.get(1);
        assertNotNull(ended.getSummary());
        assertEquals(6, ended.getSummary().getObservations());
        assertEquals("neutral", ended.getSummary().getDominantExpression());
        assertEquals(500, ended.getSummary().getDurationMillis());

        List<ExpressionEvent> group = byCamera.get("group");
        assertEquals(
                3, count(group, ExpressionEventType.TRACK_STARTED), "three faces, three tracks");
        assertEquals(3, count(group, ExpressionEventType.TRACK_ENDED));
        assertEquals(
                0,
                count(group, ExpressionEventType.EXPRESSION_CHANGED),
                "a still photo never changes expression");
        group.stream()
                .filter(e -> e.getType() == ExpressionEventType.TRACK_STARTED)
                .forEach(
                        e ->
                                assertEquals(
                                        "happy",
                                        e.getExpression(),
                                        "face-api says happy for all three"));
        assertEquals(3, group.stream().map(ExpressionEvent::getTrackId).distinct().count());

        assertEquals(List.of(), KafkaTestSupport.consumeCommitted(stack, t.dlq, rejections(stack)));
    }

    @Test
    void shouldDeadLetterPoisonRecordsAndProcessEveryValidFrameOnce(EmbeddedStack stack)
            throws Exception {
        // configure: ten valid frames of one camera with five kinds of poison between them
        Topics t = Topics.create(stack, 1);
        byte[] grace = bytes(GRACE);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<RejectReason> expected = new ArrayList<>();
        try (var writer = new PipelineFixtures.FrameWriter(stack, t.frames)) {
            byte[] valid = writer.value(frame("grace", 99, 0, grace, 512, 512));
            for (int i = 0; i < 10; i++) {
                records.add(writer.record(frame("grace", i, i * 100L, grace, 512, 512)));
                switch (i) {
                    case 1 -> { // not the Confluent wire format
                        records.add(writer.raw("grace", "{\"json\":true}".getBytes()));
                        expected.add(RejectReason.UNDECODABLE_RECORD);
                    }
                    case 3 -> { // a schema id the registry never issued
                        byte[] unknown = valid.clone();
                        unknown[1] = 0x7f;
                        records.add(writer.raw("grace", unknown));
                        expected.add(RejectReason.UNKNOWN_SCHEMA);
                    }
                    case 5 -> { // truncated Avro
                        records.add(writer.raw("grace", Arrays.copyOf(valid, 40)));
                        expected.add(RejectReason.UNDECODABLE_RECORD);
                    }
                    case 6 -> { // a readable record whose image is cut short
                        records.add(
                                writer.record(
                                        frame(
                                                "grace",
                                                1000,
                                                i * 100L + 50,
                                                Arrays.copyOf(grace, 2000),
                                                512,
                                                512)));
                        expected.add(RejectReason.BAD_IMAGE);
                    }
                    case 8 -> { // a record whose declared size disagrees with its image
                        records.add(
                                writer.record(
                                        frame("grace", 1001, i * 100L + 50, grace, 640, 480)));
                        expected.add(RejectReason.DIMENSIONS_MISMATCH);
                    }
                    default -> {}
                }
            }
        }
        KafkaTestSupport.produceRaw(stack, records);

        // act
        runJob(job(jobConfig(stack, t.frames, t.events, t.dlq)));

        // verify: every poison record is a dead letter with its reason and coordinates
        List<FrameRejected> dead =
                KafkaTestSupport.consumeCommitted(stack, t.dlq, rejections(stack));
        dead.sort(Comparator.comparingLong(FrameRejected::getSourceOffset));
        assertEquals(expected, dead.stream().map(FrameRejected::getReason).toList());
        for (FrameRejected r : dead) {
            assertEquals(t.frames, r.getSourceTopic());
            assertEquals("grace", r.getCameraId());
            assertEquals("processor", r.getRejectedBy());
            assertTrue(r.getSourceOffset() >= 0);
        }
        assertEquals(
                5,
                new HashSet<>(dead.stream().map(FrameRejected::getSourceOffset).toList()).size());
        // ...and the ten valid frames around them made one track observed exactly ten times
        List<ExpressionEvent> events =
                KafkaTestSupport.consumeCommitted(stack, t.events, events(stack));
        assertEquals(
                List.of(ExpressionEventType.TRACK_STARTED, ExpressionEventType.TRACK_ENDED),
                types(events));
        assertEquals(10, events.get(1).getSummary().getObservations());
    }

    @Test
    void shouldCommitTheSameEventsAfterAFailureAsWithout(EmbeddedStack stack, @TempDir Path tmp)
            throws Exception {
        // configure: enough frames for several checkpoints, two cameras, across a minute of
        // capture time (58 s to 62 s), so each camera has two minutes summarised
        Topics t = Topics.create(stack);
        long start = 58_000;
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (var writer = new PipelineFixtures.FrameWriter(stack, t.frames)) {
            for (int i = 0; i < 40; i++) {
                long time = start + i * 100L;
                // Grace leaves for 1.5 s in the middle: two tracks
                if (i < 15 || i >= 30) {
                    records.add(writer.record(frame("grace", i, time, GRACE, 512, 512)));
                }
                if (i % 4 == 0) {
                    records.add(writer.record(frame("group", i, time, GROUP, 1920, 1280)));
                }
            }
        }
        KafkaTestSupport.produceRaw(stack, records);
        String failedEvents = KafkaTestSupport.newTopic(stack, "events-failed", 2);
        String summaries = KafkaTestSupport.newTopic(stack, "summaries", 2);
        String failedSummaries = KafkaTestSupport.newTopic(stack, "summaries-failed", 2);
        Path marker = tmp.resolve("failed");

        // act: once undisturbed, once with a failure after a completed checkpoint
        runJob(job(withSummaries(jobConfig(stack, t.frames, t.events, t.dlq), summaries)));
        runJob(
                job(withSummaries(
                                FailOnceAfterCheckpoint.withShortAnalysisQueue(
                                        jobConfig(stack, t.frames, failedEvents, t.dlq)),
                                failedSummaries))
                        .withAfterAnalysis(
                                s ->
                                        s.map(new FailOnceAfterCheckpoint<FrameFaces>(marker))
                                                .name("fail-once")
                                                .uid("fail-once")));

        // verify
        assertTrue(Files.exists(marker), "the injected failure must have happened");
        // no valid frame may turn into a dead letter, in either run
        assertEquals(List.of(), KafkaTestSupport.consumeCommitted(stack, t.dlq, rejections(stack)));
        List<String> reference =
                canonical(KafkaTestSupport.consumeCommitted(stack, t.events, events(stack)));
        List<String> afterFailure =
                canonical(KafkaTestSupport.consumeCommitted(stack, failedEvents, events(stack)));
        assertTrue(
                reference.size() >= 8,
                "two grace tracks and three group tracks, started and ended: " + reference);
        assertEquals(
                new HashSet<>(afterFailure).size(),
                afterFailure.size(),
                "no duplicate: " + afterFailure);
        assertEquals(reference, afterFailure);

        // ...and the same minute summaries, once each, adding up what the events say
        List<ExpressionSummary> referenceSummaries =
                KafkaTestSupport.consumeCommitted(stack, summaries, summaries(stack));
        List<ExpressionSummary> summariesAfterFailure =
                KafkaTestSupport.consumeCommitted(stack, failedSummaries, summaries(stack));
        assertEquals(
                List.of(
                        "grace/2026-01-01T00:00:00Z", "grace/2026-01-01T00:01:00Z",
                        "group/2026-01-01T00:00:00Z", "group/2026-01-01T00:01:00Z"),
                summariesAfterFailure.stream()
                        .map(ExpressionSummary::getSummaryId)
                        .sorted()
                        .toList(),
                "one summary per camera and minute, none twice");
        assertEquals(
                withoutEmittedTime(referenceSummaries), withoutEmittedTime(summariesAfterFailure));
        List<ExpressionEvent> events =
                KafkaTestSupport.consumeCommitted(stack, t.events, events(stack));
        for (String camera : List.of("grace", "group")) {
            assertEquals(
                    trackMillisOfEvents(events, camera),
                    summariesAfterFailure.stream()
                            .filter(s -> s.getCameraId().equals(camera))
                            .flatMap(s -> s.getTrackMillis().stream())
                            .mapToLong(LabelDuration::getMillis)
                            .sum(),
                    camera + ": the minutes' track-time is the tracks' time from start to end");
        }
    }

    private static Map<String, String> withSummaries(Map<String, String> config, String topic) {
        config.put("topics.summaries", topic);
        return config;
    }

    /** Summed over the camera's tracks: from TRACK_STARTED to TRACK_ENDED, in capture time. */
    private static long trackMillisOfEvents(List<ExpressionEvent> events, String camera) {
        long total = 0;
        for (ExpressionEvent e : events) {
            if (e.getCameraId().equals(camera)) {
                long time = e.getEventTime().toEpochMilli();
                switch (e.getType()) {
                    case TRACK_STARTED -> total -= time;
                    case TRACK_ENDED -> total += time;
                    default -> {}
                }
            }
        }
        return total;
    }

    private static List<String> withoutEmittedTime(List<ExpressionSummary> summaries) {
        return summaries.stream()
                .map(s -> ExpressionSummary.newBuilder(s).setEmittedTime(Instant.EPOCH).build())
                .map(ExpressionSummary::toString)
                .sorted()
                .toList();
    }

    private static List<String> canonical(List<ExpressionEvent> events) {
        return events.stream().map(PipelineFixtures::canonical).sorted().toList();
    }

    private static List<ExpressionEventType> types(List<ExpressionEvent> events) {
        return events.stream().map(ExpressionEvent::getType).toList();
    }

    private static long count(List<ExpressionEvent> events, ExpressionEventType type) {
        return events.stream().filter(e -> e.getType() == type).count();
    }

    private static AvroDeserializer<ExpressionEvent> events(EmbeddedStack stack) {
        return new AvroDeserializer<>(
                ExpressionEvent.class, RegistryConfig.of(stack.registryUrl()));
    }

    private static AvroDeserializer<ExpressionSummary> summaries(EmbeddedStack stack) {
        return new AvroDeserializer<>(
                ExpressionSummary.class, RegistryConfig.of(stack.registryUrl()));
    }

    private static AvroDeserializer<FrameRejected> rejections(EmbeddedStack stack) {
        return new AvroDeserializer<>(FrameRejected.class, RegistryConfig.of(stack.registryUrl()));
    }

    /** Fresh topics per test, so tests share the stack without seeing each other's records. */
    private record Topics(String frames, String events, String dlq) {
        static Topics create(EmbeddedStack stack) throws Exception {
            return create(stack, 2);
        }

        static Topics create(EmbeddedStack stack, int framePartitions) throws Exception {
            return new Topics(
                    KafkaTestSupport.newTopic(stack, "frames", framePartitions),
                    KafkaTestSupport.newTopic(stack, "events", 2),
                    KafkaTestSupport.newTopic(stack, "dlq", 1));
        }
    }
}
