package io.ferstream.inference;

import io.ferstream.config.ConfigReader;
import io.ferstream.config.Setting;
import io.ferstream.image.ImageLimits;
import io.ferstream.inference.batch.BatcherConfig;
import io.ferstream.inference.image.DecodeScales;
import io.ferstream.inference.image.ImageDecoderConfig;
import io.ferstream.inference.model.ModelsDirectory;
import io.ferstream.inference.runtime.ExecutionProviderConfig;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How frames are analysed: which models, on which device, batched how, and the image limits. Each
 * key is declared once in {@link #SETTINGS}. Here, free of Flink, so the job and the offline {@code
 * analyze} command read the same keys with the same code.
 *
 * @param detectorDescriptor absolute path of the detector's descriptor
 * @param classifierDescriptor absolute path of the expression classifier's descriptor
 * @param analyzer device and batching of both models
 * @param images decoding and the image limits
 */
public record AnalysisSettings(
        String detectorDescriptor,
        String classifierDescriptor,
        FaceAnalyzerConfig analyzer,
        ImageDecoderConfig images)
        implements Serializable {

    /** Where the inference runs. */
    public enum Provider {
        CPU,
        CUDA
    }

    public static final Setting<String> MODELS_DIR =
            Setting.text("models.dir", null, "folder of model descriptors and ONNX files")
                    .defaultText("the repository's `models/` (or `-Dferstream.models.dir`)");
    public static final Setting<String> DETECTOR =
            Setting.text(
                    "models.detector",
                    "face-api/tiny_face_detector.json",
                    "face detector descriptor, relative to `models.dir`;"
                        + " `face-api/tiny_face_detector_int8.json` is its INT8 variant (not faster"
                        + " on the CPUs measured)");
    public static final Setting<String> CLASSIFIER =
            Setting.text(
                    "models.classifier",
                    "face-api/face_expression.json",
                    "expression classifier descriptor; `lnlj/lnlj.json` selects LNLJ,"
                            + " `face-api/face_expression_int8.json` the INT8 variant");
    public static final Setting<Provider> PROVIDER =
            Setting.choice(
                    "inference.provider",
                    Provider.class,
                    Provider.CPU,
                    "`cpu`, or `cuda` for the GPU build (`-Pgpu`)");
    public static final Setting<Integer> THREADS =
            Setting.integerAtLeast(
                    "inference.threads", 1, 1, "intra-op threads per ONNX Runtime session");
    public static final Setting<Integer> DEVICE_ID =
            Setting.integerAtLeast("inference.device-id", 0, 0, "CUDA device");
    public static final Setting<Long> GPU_MEM_LIMIT =
            Setting.bytes("inference.gpu-mem-limit", 0L, "CUDA memory arena limit; 0 for none");
    public static final Setting<Boolean> FALLBACK_TO_CPU =
            Setting.bool(
                    "inference.fallback-to-cpu",
                    true,
                    "run on the CPU when CUDA is asked for but missing");
    public static final Setting<Integer> DETECTOR_MAX_BATCH = maxBatch("detector", 4);
    public static final Setting<Duration> DETECTOR_MAX_DELAY = maxDelay("detector");
    public static final Setting<Integer> DETECTOR_QUEUE = queue("detector", 64);
    public static final Setting<Integer> CLASSIFIER_MAX_BATCH = maxBatch("classifier", 16);
    public static final Setting<Duration> CLASSIFIER_MAX_DELAY = maxDelay("classifier");
    public static final Setting<Integer> CLASSIFIER_QUEUE = queue("classifier", 256);
    public static final Setting<Long> IMAGE_MAX_BYTES =
            Setting.bytes(
                            "image.max-bytes",
                            ImageLimits.DEFAULT.maxBytes(),
                            "largest encoded image (the image limits are the gate's too)")
                    .check(n -> n >= 1, "be 1 or more");
    public static final Setting<Integer> IMAGE_MAX_WIDTH =
            Setting.integerAtLeast(
                    "image.max-width",
                    ImageLimits.DEFAULT.maxWidth(),
                    1,
                    "widest image, in pixels");
    public static final Setting<Integer> IMAGE_MAX_HEIGHT =
            Setting.integerAtLeast(
                    "image.max-height",
                    ImageLimits.DEFAULT.maxHeight(),
                    1,
                    "tallest image, in pixels");
    public static final Setting<Integer> IMAGE_MAX_DOWNSCALE =
            Setting.integerAtLeast(
                            "image.max-downscale",
                            ImageDecoderConfig.DEFAULT_MAX_DOWNSCALE,
                            1,
                            "largest JPEG DCT scale (1, 2, 4 or 8) a frame is decoded at where the"
                                    + " models lose no pixels by it: the detector's one look while"
                                    + " the frame's longer side still fills its input, each face"
                                    + " while its longer side still fills the classifier's; 1"
                                    + " decodes every pixel. Saves about a quarter of the"
                                    + " decoding but moves boxes a little and so flips labels"
                                    + " near a tie (BENCHMARKS.md)")
                    .check(DecodeScales::valid, "be 1, 2, 4 or 8");

    public static final List<Setting<?>> SETTINGS =
            List.of(
                    MODELS_DIR,
                    DETECTOR,
                    CLASSIFIER,
                    PROVIDER,
                    THREADS,
                    DEVICE_ID,
                    GPU_MEM_LIMIT,
                    FALLBACK_TO_CPU,
                    DETECTOR_MAX_BATCH,
                    DETECTOR_MAX_DELAY,
                    DETECTOR_QUEUE,
                    CLASSIFIER_MAX_BATCH,
                    CLASSIFIER_MAX_DELAY,
                    CLASSIFIER_QUEUE,
                    IMAGE_MAX_BYTES,
                    IMAGE_MAX_WIDTH,
                    IMAGE_MAX_HEIGHT,
                    IMAGE_MAX_DOWNSCALE);

    /**
     * Reads the {@code models.*}, {@code inference.*} and {@code image.*} settings; problems go to
     * the reader.
     */
    public static AnalysisSettings read(ConfigReader reader) {
        String dirSetting = reader.get(MODELS_DIR);
        int threads = reader.get(THREADS);
        ExecutionProviderConfig device =
                switch (reader.get(PROVIDER)) {
                    case CPU -> ExecutionProviderConfig.cpu(threads);
                    case CUDA ->
                            ExecutionProviderConfig.cuda(reader.get(DEVICE_ID))
                                    .withGpuMemLimitBytes(reader.get(GPU_MEM_LIMIT))
                                    .withFallbackToCpu(reader.get(FALLBACK_TO_CPU))
                                    .withIntraOpThreads(threads);
                };
        BatcherConfig detector =
                batcher(reader, "detector", DETECTOR_MAX_BATCH, DETECTOR_MAX_DELAY, DETECTOR_QUEUE);
        BatcherConfig classifier =
                batcher(
                        reader,
                        "classifier",
                        CLASSIFIER_MAX_BATCH,
                        CLASSIFIER_MAX_DELAY,
                        CLASSIFIER_QUEUE);
        ImageLimits limits =
                new ImageLimits(
                        reader.get(IMAGE_MAX_BYTES),
                        reader.get(IMAGE_MAX_WIDTH),
                        reader.get(IMAGE_MAX_HEIGHT));
        Path dir = dirSetting != null ? Path.of(dirSetting) : ModelsDirectory.find().orElse(null);
        if (dir == null) {
            reader.problem(
                    MODELS_DIR.key(),
                    "required here: no models/ folder was found above the working directory; "
                            + "set it to the folder of the model descriptors");
            dir = Path.of("models");
        }
        return new AnalysisSettings(
                // Strings, not Paths: the settings travel inside the serialized function.
                dir.resolve(reader.get(DETECTOR)).toAbsolutePath().toString(),
                dir.resolve(reader.get(CLASSIFIER)).toAbsolutePath().toString(),
                new FaceAnalyzerConfig(device, detector, classifier),
                ImageDecoderConfig.defaults()
                        .withLimits(limits)
                        .withMaxDownscale(reader.get(IMAGE_MAX_DOWNSCALE)));
    }

    private static Setting<Integer> maxBatch(String which, int dflt) {
        return Setting.integerAtLeast(
                "inference." + which + ".max-batch", dflt, 1, "most items per " + which + " call");
    }

    private static Setting<Duration> maxDelay(String which) {
        return Setting.duration(
                "inference." + which + ".max-delay",
                Duration.ofMillis(2),
                "longest wait of the oldest " + which + " request for its batch to fill");
    }

    private static Setting<Integer> queue(String which, int dflt) {
        return Setting.integerAtLeast(
                "inference." + which + ".queue",
                dflt,
                1,
                which
                        + " requests waiting at most (bounds memory; backpressure beyond);"
                        + " at least its max-batch");
    }

    private static BatcherConfig batcher(
            ConfigReader reader,
            String which,
            Setting<Integer> maxBatch,
            Setting<Duration> maxDelay,
            Setting<Integer> queue) {
        int batch = reader.get(maxBatch);
        int capacity = reader.get(queue);
        if (capacity < batch) {
            reader.problem(
                    queue.key(),
                    capacity
                            + " is less than "
                            + maxBatch.key()
                            + " ("
                            + batch
                            + "): batches could never fill");
            capacity = batch;
        }
        return BatcherConfig.of(which, batch)
                .withMaxDelay(reader.get(maxDelay))
                .withQueueCapacity(capacity)
                // A full queue blocks the submitting thread (backpressure) for up to this long,
                // then fails
                // the frame's analysis, which restarts the job rather than dropping the frame.
                .withSubmitTimeout(Duration.ofSeconds(30));
    }
}
