package io.ferstream.processor.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.processor.config.JobConfig;
import io.ferstream.processor.records.AnalysisOutcome;
import io.ferstream.processor.records.SourcedFrame;
import io.ferstream.processor.tracking.FaceObservation;
import io.ferstream.processor.tracking.FrameFaces;
import io.ferstream.scenes.FixtureLibrary;
import io.ferstream.scenes.Jpeg;
import io.ferstream.scenes.Scene;
import io.ferstream.scenes.SceneGenerator;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ImageEncoding;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Detect-every-3 on a camera of small moving faces, through Flink's own async operator with the
 * real models: a checkpoint taken in the middle of an interval, restored into a fresh operator,
 * gives frame for frame the faces of a run that never stopped. The frames after the checkpoint
 * follow detections made before it, so they are only right if those detections came back with the
 * state (drained), or were analysed again from the frames in flight (not drained).
 */
class IntervalRestoreTest {

    private static final String CAMERA = "lobby";
    private static final int FRAMES = 10;
    private static final int CHECKPOINT_AFTER = 4; // frames 0..4: 3 detected, 4 predicted

    private static List<SourcedFrame> frames;

    @BeforeAll
    static void moveSmallFaces() {
        List<Scene> scenes =
                SceneGenerator.fullHd(FixtureLibrary.load()).moving(56, 3, FRAMES, 7).frames();
        frames = new ArrayList<>();
        for (int i = 0; i < scenes.size(); i++) {
            Scene scene = scenes.get(i);
            CameraFrame frame =
                    CameraFrame.newBuilder()
                            .setCameraId(CAMERA)
                            .setSequence(i)
                            .setCaptureTime(Instant.ofEpochMilli(1_000L + 100L * i))
                            .setWidth(scene.image().width())
                            .setHeight(scene.image().height())
                            .setEncoding(ImageEncoding.JPEG)
                            .setImage(ByteBuffer.wrap(scene.jpeg(Jpeg.CAMERA_QUALITY)))
                            .build();
            frames.add(SourcedFrame.frame(frame, "frames", 0, i, 1_000L + 100L * i));
        }
    }

    private static OneInputStreamOperatorTestHarness<SourcedFrame, AnalysisOutcome> harness()
            throws Exception {
        JobConfig config =
                JobConfig.fromMap(
                        Map.of(
                                "kafka.bootstrap.servers", "unused:9092",
                                "schema.registry.url", "http://unused:8081",
                                "camera.lobby.detection.min-face-px", "40",
                                "camera.lobby.detection.interval", "3"));
        var operator =
                new AsyncWaitOperatorFactory<>(
                        FaceAnalysisFunction.fromConfig(config),
                        60_000,
                        config.analysisCapacity(),
                        AsyncDataStream.OutputMode.ORDERED);
        return new OneInputStreamOperatorTestHarness<>(
                operator,
                TypeInformation.of(SourcedFrame.class)
                        .createSerializer(new SerializerConfigImpl()));
    }

    private static List<String> run(
            OneInputStreamOperatorTestHarness<SourcedFrame, AnalysisOutcome> h, int from, int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            h.processElement(frames.get(i), 1_000L + 100L * i);
        }
        return List.of();
    }

    private static List<String> faces(
            OneInputStreamOperatorTestHarness<SourcedFrame, AnalysisOutcome> h) {
        return h.extractOutputValues().stream().map(o -> describe(o.faces)).toList();
    }

    /** A frame's faces, to the half pixel and the top label: what the tracker goes by. */
    private static String describe(FrameFaces frame) {
        StringBuilder s = new StringBuilder("#" + frame.frameSequence() + ":");
        for (FaceObservation f : frame.faces()) {
            int top = 0;
            for (int i = 1; i < f.probabilities().length; i++) {
                top = f.probabilities()[i] > f.probabilities()[top] ? i : top;
            }
            s.append(
                    String.format(
                            Locale.ROOT,
                            " [%.0f %.0f %.0f %.0f %s]",
                            f.x() * 2,
                            f.y() * 2,
                            f.width() * 2,
                            f.height() * 2,
                            frame.labels()[top]));
        }
        return s.toString();
    }

    private static List<String> uninterrupted() throws Exception {
        try (var h = harness()) {
            h.open();
            run(h, 0, FRAMES);
            h.endInput();
            return faces(h);
        }
    }

    @Test
    void aRestoreMidIntervalGivesTheFacesOfARunThatNeverStopped() throws Exception {
        List<String> reference = uninterrupted();
        assertEquals(FRAMES, reference.size());
        assertTrue(
                reference.stream().allMatch(f -> f.split("\\[").length - 1 == 3),
                "three small faces found and followed in every frame: " + reference);

        for (boolean drained : new boolean[] {true, false}) {
            List<String> restored = new ArrayList<>();
            OperatorSubtaskState checkpoint;
            try (var before = harness()) {
                before.open();
                run(before, 0, CHECKPOINT_AFTER + 1);
                if (drained) {
                    before.endInput(); // every frame done: only the state carries detections
                }
                checkpoint = before.snapshot(1, 1_000L + 100L * CHECKPOINT_AFTER);
                restored.addAll(faces(before)); // what left the operator before the checkpoint
            }
            try (var after = harness()) {
                after.initializeState(checkpoint);
                after.open();
                run(after, CHECKPOINT_AFTER + 1, FRAMES);
                after.endInput();
                restored.addAll(faces(after));
            }
            assertEquals(reference, restored, drained ? "drained checkpoint" : "frames in flight");
        }
    }
}
