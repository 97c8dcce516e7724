package io.ferstream.processor.tracking;

import java.util.ArrayList;
import java.util.List;

/** Builds tracker input for tests: a 3-label model and 640x480 frames. */
public final class TestFrames {

    public static final String[] LABELS = {"neutral", "happy", "sad"};
    public static final float[] NEUTRAL = {0.8f, 0.1f, 0.1f};
    public static final float[] HAPPY = {0.1f, 0.8f, 0.1f};
    public static final float[] SAD = {0.1f, 0.1f, 0.8f};

    private TestFrames() {}

    /** A 100x100 face at (x, y) with the given probabilities. */
    public static FaceObservation face(float x, float y, float[] probabilities) {
        return new FaceObservation(x, y, 100f, 100f, 0.9f, probabilities.clone());
    }

    public static FrameFaces frame(
            String camera, long sequence, long captureMillis, FaceObservation... faces) {
        return new FrameFaces(
                camera,
                sequence,
                captureMillis,
                640,
                480,
                List.of(faces),
                "test-model",
                "1",
                LABELS.clone());
    }

    /**
     * One face at a fixed place, seen every {@code periodMillis} from {@code startMillis} for
     * {@code count} frames, with sequence numbers from {@code firstSequence}.
     */
    public static List<FrameFaces> steadyFace(
            String camera,
            long firstSequence,
            long startMillis,
            long periodMillis,
            int count,
            float[] probabilities) {
        List<FrameFaces> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            frames.add(
                    frame(
                            camera,
                            firstSequence + i,
                            startMillis + i * periodMillis,
                            face(100, 100, probabilities)));
        }
        return frames;
    }
}
