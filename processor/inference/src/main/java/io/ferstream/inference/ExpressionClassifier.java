package io.ferstream.inference;

import io.ferstream.inference.batch.DynamicBatcher;
import io.ferstream.inference.image.PixelBox;
import io.ferstream.inference.image.Preprocessor;
import io.ferstream.inference.image.RgbImage;
import io.ferstream.inference.model.ModelDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Classifies face crops: crops and preprocesses on the caller's thread, then runs the classifier
 * through a shared {@link DynamicBatcher}, so faces of many frames and cameras share one model
 * call.
 */
public final class ExpressionClassifier {

    private final ModelDescriptor descriptor;
    private final Preprocessor preprocessor;
    private final DynamicBatcher<float[], float[][]> batcher;
    private final boolean hasRegionWeights;

    /**
     * @param descriptor a validated expression-classifier descriptor
     * @param batcher runs the classifier; item outputs follow {@link #outputNames}
     */
    public ExpressionClassifier(
            ModelDescriptor descriptor, DynamicBatcher<float[], float[][]> batcher) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        if (descriptor.task() != ModelDescriptor.ModelTask.EXPRESSION_CLASSIFIER) {
            throw new IllegalArgumentException(
                    "Model '"
                            + descriptor.name()
                            + "' is a "
                            + descriptor.task()
                            + ", not an expression classifier");
        }
        this.preprocessor = new Preprocessor(descriptor.input());
        this.batcher = Objects.requireNonNull(batcher, "batcher");
        this.hasRegionWeights = descriptor.output(ModelDescriptor.OUTPUT_REGION_WEIGHTS) != null;
    }

    /**
     * The ONNX outputs the batch runner must return, in order: probabilities, then region weights
     * if any.
     */
    public static List<String> outputNames(ModelDescriptor descriptor) {
        List<String> names = new ArrayList<>();
        names.add(descriptor.output(ModelDescriptor.OUTPUT_PROBABILITIES));
        if (descriptor.output(ModelDescriptor.OUTPUT_REGION_WEIGHTS) != null) {
            names.add(descriptor.output(ModelDescriptor.OUTPUT_REGION_WEIGHTS));
        }
        return names;
    }

    /**
     * Classifies the face in {@code crop} (an integer box inside the frame, e.g. from {@link
     * PixelBox#clipped}).
     */
    public CompletableFuture<Classification> classify(RgbImage frame, PixelBox crop)
            throws InterruptedException {
        float[] input = preprocessor.tensor(frame, crop);
        return batcher.submitWaiting(input).thenApply(this::toClassification);
    }

    private Classification toClassification(float[][] outputs) {
        float[] probabilities = outputs[0];
        if (probabilities.length != descriptor.labels().size()) {
            throw new IllegalStateException(
                    "Model '"
                            + descriptor.name()
                            + "' returned "
                            + probabilities.length
                            + " probabilities for "
                            + descriptor.labels().size()
                            + " labels");
        }
        return new Classification(probabilities, hasRegionWeights ? outputs[1] : null);
    }

    public List<String> labels() {
        return descriptor.labels();
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    public Preprocessor preprocessor() {
        return preprocessor;
    }
}
