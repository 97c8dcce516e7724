package io.ferstream.it;

import static io.ferstream.it.PipelineFixtures.GRACE;
import static io.ferstream.it.PipelineFixtures.frame;
import static io.ferstream.it.PipelineFixtures.job;
import static io.ferstream.it.PipelineFixtures.jobConfig;
import static io.ferstream.it.PipelineFixtures.runJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.processor.tracking.FrameFaces;
import io.ferstream.registry.AvroDeserializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.scenes.FaceBox;
import io.ferstream.scenes.FixtureLibrary;
import io.ferstream.scenes.Jpeg;
import io.ferstream.scenes.Scene;
import io.ferstream.scenes.SceneGenerator;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionEventType;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.EmbeddedStackExtension;
import io.ferstream.stack.KafkaTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lobby camera as installed: 1080p, faces about 64 px wide, detection only in the left half of
 * the picture (a region of interest) and every third frame, next to a close-up desk camera on the
 * defaults. The whole job on real components finds the lobby's small faces inside the region and
 * none outside, which the defaults cannot; and a failure after a checkpoint commits the same events
 * as a run without one.
 */
@ExtendWith(EmbeddedStackExtension.class)
class SmallFacesIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    /**
     * Checkpoints hold the frames in flight; sixteen 1080p frames come near the 5 MB the JobManager
     * keeps in memory, so checkpoints go to files, as they do in production.
     */
    private static Configuration fileCheckpoints() {
        try {
            Configuration conf = new Configuration();
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    Files.createTempDirectory("small-faces-checkpoints").toUri().toString());
            return conf;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final int FRAMES = 24;
    private static final int DESK_FRAMES = 80;
    private static final double REGION_RIGHT_EDGE = 0.5;

    @Test
    void aCameraWithASmallFaceSettingAndARegionTracksItsSmallFacesInsideTheRegionOnly(
            EmbeddedStack stack, @TempDir Path tmp) throws Exception {
        // configure: moving 64 px faces in the lobby, Grace close up at the desk
        List<Scene> lobby =
                SceneGenerator.fullHd(FixtureLibrary.load()).moving(64, 6, FRAMES, 11).frames();
        String frames = KafkaTestSupport.newTopic(stack, "lobby-frames", 2);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (var writer = new PipelineFixtures.FrameWriter(stack, frames)) {
            for (int i = 0; i < FRAMES; i++) {
                Scene scene = lobby.get(i);
                records.add(
                        writer.record(
                                frame(
                                        "lobby",
                                        i,
                                        i * 100L,
                                        scene.jpeg(Jpeg.CAMERA_QUALITY),
                                        scene.image().width(),
                                        scene.image().height())));
            }
            // The desk camera runs longer, so checkpoints complete while frames remain.
            for (int i = 0; i < DESK_FRAMES; i++) {
                records.add(writer.record(frame("desk", i, i * 100L, GRACE, 512, 512)));
            }
        }
        KafkaTestSupport.produceRaw(stack, records);
        Map<String, String> lobbySettings =
                Map.of(
                        "camera.lobby.detection.min-face-px", "48",
                        "camera.lobby.detection.regions", "0,0," + REGION_RIGHT_EDGE + ",1",
                        "camera.lobby.detection.interval", "3");

        // act: the defaults; the lobby's settings; the same with a failure after a checkpoint
        List<ExpressionEvent> defaults = run(stack, frames, Map.of(), null);
        List<ExpressionEvent> small = run(stack, frames, lobbySettings, null);
        Path marker = tmp.resolve("failed");
        List<ExpressionEvent> afterFailure = run(stack, frames, lobbySettings, marker);

        // verify
        assertEquals(1, started(defaults, "desk"), "the close-up is found either way");
        assertEquals(0, started(defaults, "lobby"), "64 px faces are too small for one look");
        assertEquals(1, started(small, "desk"));
        long alwaysInside =
                lobby.get(0).faces().stream().filter(f -> insideInEvery(lobby, f)).count();
        long everInside = countEverInside(lobby);
        long lobbyTracks = started(small, "lobby");
        assertTrue(alwaysInside >= 2, "the scene puts faces in the region: " + alwaysInside);
        assertTrue(
                lobbyTracks >= alwaysInside && lobbyTracks <= everInside,
                "a track per face in the region: "
                        + lobbyTracks
                        + " tracks, faces always inside "
                        + alwaysInside
                        + ", ever inside "
                        + everInside);
        for (ExpressionEvent e : small) {
            if (e.getCameraId().equals("lobby")) {
                double centre = e.getBox().getX() + e.getBox().getWidth() / 2;
                assertTrue(centre < REGION_RIGHT_EDGE, "outside the region: " + e);
            }
        }
        assertTrue(Files.exists(marker), "the injected failure must have happened");
        assertEquals(canonical(small), canonical(afterFailure));
    }

    private static boolean insideInEvery(List<Scene> scenes, FaceBox first) {
        int index = scenes.get(0).faces().indexOf(first);
        return scenes.stream().allMatch(s -> centreX(s, s.faces().get(index)) < REGION_RIGHT_EDGE);
    }

    private static long countEverInside(List<Scene> scenes) {
        int faces = scenes.get(0).faces().size();
        long count = 0;
        for (int i = 0; i < faces; i++) {
            int index = i;
            if (scenes.stream()
                    .anyMatch(s -> centreX(s, s.faces().get(index)) < REGION_RIGHT_EDGE)) {
                count++;
            }
        }
        return count;
    }

    private static double centreX(Scene scene, FaceBox face) {
        return (face.x() + face.width() / 2) / scene.image().width();
    }

    private static List<ExpressionEvent> run(
            EmbeddedStack stack, String frames, Map<String, String> extra, Path failAfterCheckpoint)
            throws Exception {
        String events = KafkaTestSupport.newTopic(stack, "lobby-events", 2);
        String dlq = KafkaTestSupport.newTopic(stack, "lobby-dlq", 1);
        Map<String, String> config = jobConfig(stack, frames, events, dlq);
        config.putAll(extra);
        if (failAfterCheckpoint != null) {
            FailOnceAfterCheckpoint.withShortAnalysisQueue(config);
        }
        var job = job(config);
        if (failAfterCheckpoint != null) {
            job =
                    job.withAfterAnalysis(
                            s ->
                                    s.map(
                                                    new FailOnceAfterCheckpoint<FrameFaces>(
                                                            failAfterCheckpoint))
                                            .name("fail-once")
                                            .uid("fail-once"));
        }
        runJob(job, fileCheckpoints());
        return KafkaTestSupport.consumeCommitted(
                stack,
                events,
                new AvroDeserializer<>(
                        ExpressionEvent.class, RegistryConfig.of(stack.registryUrl())));
    }

    private static long started(List<ExpressionEvent> events, String camera) {
        return events.stream()
                .filter(e -> e.getCameraId().equals(camera))
                .filter(e -> e.getType() == ExpressionEventType.TRACK_STARTED)
                .count();
    }

    private static List<String> canonical(List<ExpressionEvent> events) {
        return events.stream().map(PipelineFixtures::canonical).sorted().toList();
    }
}
