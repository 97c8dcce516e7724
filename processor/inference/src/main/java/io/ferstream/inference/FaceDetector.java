package io.ferstream.inference;

import io.ferstream.inference.batch.DynamicBatcher;
import io.ferstream.inference.detection.DetectionMerger;
import io.ferstream.inference.detection.DetectionSettings;
import io.ferstream.inference.detection.DetectionView;
import io.ferstream.inference.detection.TilePlanner;
import io.ferstream.inference.image.PixelBox;
import io.ferstream.inference.image.Preprocessor;
import io.ferstream.inference.image.RgbImage;
import io.ferstream.inference.model.ModelDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Finds faces in frames: lays the looks the {@link DetectionSettings} ask for (the whole frame,
 * tiles for small faces, only over the regions of interest), preprocesses each on the caller's
 * thread, runs them all through a shared {@link DynamicBatcher} (so looks of one frame and frames
 * of many cameras share model calls), decodes each grid into frame pixels and merges the looks.
 */
public final class FaceDetector {

    private final ModelDescriptor descriptor;
    private final Preprocessor preprocessor;
    private final TinyYoloV2Decoder decoder;
    private final TilePlanner planner;
    private final DetectionMerger merger;
    private final DynamicBatcher<float[], float[][]> batcher;

    /**
     * @param descriptor a validated face-detector descriptor
     * @param batcher runs the detector; item outputs hold the grid at index 0 (see {@link
     *     #outputNames})
     */
    public FaceDetector(ModelDescriptor descriptor, DynamicBatcher<float[], float[][]> batcher) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        if (descriptor.task() != ModelDescriptor.ModelTask.FACE_DETECTOR) {
            throw new IllegalArgumentException(
                    "Model '"
                            + descriptor.name()
                            + "' is a "
                            + descriptor.task()
                            + ", not a face detector");
        }
        this.preprocessor = new Preprocessor(descriptor.input());
        this.decoder = new TinyYoloV2Decoder(descriptor);
        this.planner = planner(descriptor);
        this.merger =
                new DetectionMerger(
                        descriptor.decoder().iouThreshold(),
                        descriptor.decoder().maxDetections(),
                        descriptor.decoder().effectiveTileScoreThreshold());
        this.batcher = Objects.requireNonNull(batcher, "batcher");
    }

    /** Tiles are laid by the detector's measured smallest face; a tenth of its input if unknown. */
    static TilePlanner planner(ModelDescriptor descriptor) {
        int side = Math.min(descriptor.input().width(), descriptor.input().height());
        float smallest = descriptor.decoder().smallestFace();
        return new TilePlanner(side, smallest > 0 ? smallest : side / 10.0);
    }

    /** The ONNX outputs the batch runner must return, in order. */
    public static List<String> outputNames(ModelDescriptor descriptor) {
        return List.of(descriptor.output(ModelDescriptor.OUTPUT_GRID));
    }

    /** Detects the faces of one frame, looking at the whole frame once, as face-api does. */
    public CompletableFuture<List<Detection>> detect(RgbImage frame) throws InterruptedException {
        return detect(frame, DetectionSettings.WHOLE_FRAME);
    }

    /**
     * Detects the faces of one frame as {@code settings} ask. Blocks while the batcher's queue is
     * full, however long (call it off the task thread: {@link FaceAnalyzer} does); the looks of one
     * frame are submitted together, so they tend to share a model call.
     */
    public CompletableFuture<List<Detection>> detect(RgbImage frame, DetectionSettings settings)
            throws InterruptedException {
        List<DetectionView> views = planner.plan(frame.width(), frame.height(), settings);
        if (views.size() == 1 && settings.regions().everywhere()) {
            // One look at the whole frame: exactly face-api's detection, nothing to merge.
            return look(frame, views.get(0));
        }
        List<CompletableFuture<List<Detection>>> looks = new ArrayList<>(views.size());
        for (DetectionView view : views) {
            looks.add(look(frame, view));
        }
        return CompletableFuture.allOf(looks.toArray(CompletableFuture[]::new))
                .thenApply(
                        done -> {
                            List<List<Detection>> found = new ArrayList<>(looks.size());
                            looks.forEach(look -> found.add(look.join()));
                            return merger.merge(
                                    views,
                                    found,
                                    frame.width(),
                                    frame.height(),
                                    settings.regions());
                        });
    }

    /** How many looks {@code settings} take at a frame of this size (one model input each). */
    public int looks(int frameWidth, int frameHeight, DetectionSettings settings) {
        return planner.plan(frameWidth, frameHeight, settings).size();
    }

    private CompletableFuture<List<Detection>> look(RgbImage frame, DetectionView view)
            throws InterruptedException {
        PixelBox region = view.region();
        float[] input = preprocessor.tensor(frame, region);
        return batcher.submitWaiting(input)
                .thenApply(
                        outputs -> {
                            List<Detection> found =
                                    decoder.decode(outputs[0], region.width(), region.height());
                            if (region.x() == 0 && region.y() == 0) {
                                return found;
                            }
                            List<Detection> inFrame = new ArrayList<>(found.size());
                            for (Detection d : found) {
                                inFrame.add(
                                        new Detection(
                                                d.x() + region.x(),
                                                d.y() + region.y(),
                                                d.width(),
                                                d.height(),
                                                d.score()));
                            }
                            return inFrame;
                        });
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    public Preprocessor preprocessor() {
        return preprocessor;
    }

    public TinyYoloV2Decoder decoder() {
        return decoder;
    }
}
