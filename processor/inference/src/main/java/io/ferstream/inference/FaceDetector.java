package io.ferstream.inference;

import io.ferstream.inference.batch.DynamicBatcher;
import io.ferstream.inference.image.PixelBox;
import io.ferstream.inference.image.Preprocessor;
import io.ferstream.inference.image.RgbImage;
import io.ferstream.inference.model.ModelDescriptor;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Finds faces in frames: preprocesses on the caller's thread, runs the detector through a shared
 * {@link DynamicBatcher} (so frames of many cameras share one model call) and decodes the grid.
 */
public final class FaceDetector {

    private final ModelDescriptor descriptor;
    private final Preprocessor preprocessor;
    private final TinyYoloV2Decoder decoder;
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
        this.batcher = Objects.requireNonNull(batcher, "batcher");
    }

    /** The ONNX outputs the batch runner must return, in order. */
    public static List<String> outputNames(ModelDescriptor descriptor) {
        return List.of(descriptor.output(ModelDescriptor.OUTPUT_GRID));
    }

    /** Detects the faces of one frame. Blocks only while the batcher's queue is full. */
    public CompletableFuture<List<Detection>> detect(RgbImage frame) throws InterruptedException {
        float[] input = preprocessor.tensor(frame, PixelBox.of(frame));
        return batcher.submit(input)
                .thenApply(outputs -> decoder.decode(outputs[0], frame.width(), frame.height()));
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
