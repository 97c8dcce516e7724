package io.ferstream.bench;

import io.ferstream.scenes.FaceBox;
import io.ferstream.scenes.Jpeg;
import io.ferstream.scenes.Scene;
import io.ferstream.scenes.SceneSequence;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames one camera sends, as the encoded bytes a camera sends (pixels are decoded when
 * analysed, as in the job: hundreds of decoded 1080p frames would not fit the heap), with their
 * true faces. A single scene is a camera of one frame.
 */
record TestCamera(String name, List<TestCamera.Frame> frames) {

    /** One encoded frame, its size bin, its true faces and its unlabelled ones ({@link Scene}). */
    record Frame(
            String name, int facePx, byte[] image, List<FaceBox> faces, List<FaceBox> unlabelled) {
        static Frame of(Scene scene) {
            return new Frame(
                    scene.name(),
                    scene.facePx(),
                    scene.jpeg(Jpeg.CAMERA_QUALITY),
                    scene.faces(),
                    scene.unlabelled());
        }
    }

    TestCamera {
        frames = List.copyOf(frames);
    }

    static TestCamera of(Scene scene) {
        return new TestCamera(scene.name(), List.of(Frame.of(scene)));
    }

    static TestCamera of(SceneSequence sequence) {
        List<Frame> frames = new ArrayList<>();
        sequence.frames().forEach(scene -> frames.add(Frame.of(scene)));
        return new TestCamera(sequence.name(), frames);
    }

    static int frameCount(List<TestCamera> cameras) {
        return cameras.stream().mapToInt(c -> c.frames().size()).sum();
    }
}
