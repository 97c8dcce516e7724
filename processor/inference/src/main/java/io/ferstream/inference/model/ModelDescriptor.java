package io.ferstream.inference.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON descriptor beside every ONNX model (format: {@code models/DESCRIPTOR.md}). Everything
 * the runtime knows about a model comes from here: nothing model-specific is hard-coded in Java.
 *
 * <p>Jackson fills the records as they are; {@link #validate()} then checks the whole tree at once
 * and reports every problem in one message, so a user fixing a descriptor sees all mistakes in one
 * go. Unknown fields are ignored so descriptors can grow (notes, metrics) without breaking older
 * readers.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelDescriptor(
        String name,
        String version,
        ModelTask task,
        String file,
        String sha256,
        Input input,
        List<String> labels,
        Map<String, String> outputs,
        Decoder decoder,
        Fp16 fp16,
        String license,
        Provenance provenance,
        List<Region> regions,
        Boolean recognisesExpressions,
        String warning) {

    /** Output key of a classifier's probabilities in {@link #outputs()}. */
    public static final String OUTPUT_PROBABILITIES = "probabilities";

    /** Optional output key of a classifier's region weights in {@link #outputs()}. */
    public static final String OUTPUT_REGION_WEIGHTS = "regionWeights";

    /** Output key of a detector's raw grid in {@link #outputs()}. */
    public static final String OUTPUT_GRID = "grid";

    /** The only grid decoder implemented so far. */
    public static final String DECODER_TINY_YOLO_V2 = "tiny-yolo-v2";

    public ModelDescriptor {
        labels = labels == null ? List.of() : List.copyOf(labels);
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        regions = regions == null ? List.of() : List.copyOf(regions);
    }

    /** The network input: tensor name, layout, size, colours and normalisation. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Input(
            String name,
            Layout layout,
            int width,
            int height,
            ChannelOrder channelOrder,
            float[] valueRange,
            float[] mean,
            float[] std,
            Resize resize) {

        public Input {
            valueRange = valueRange == null ? null : valueRange.clone();
            mean = mean == null ? null : mean.clone();
            std = std == null ? null : std.clone();
        }

        // arrays are copied in and out so the descriptor stays immutable
        @Override
        public float[] valueRange() {
            return valueRange == null ? null : valueRange.clone();
        }

        @Override
        public float[] mean() {
            return mean == null ? null : mean.clone();
        }

        @Override
        public float[] std() {
            return std == null ? null : std.clone();
        }
    }

    /** How an image becomes a square of the input size. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Resize(
            Padding pad, String interpolation, boolean alignCorners, boolean halfPixelCenters) {}

    /**
     * Grid decoding of a detector's output.
     *
     * @param gridSize cells per side; 0 (absent) means input size / stride
     * @param classes class names; a single class means the grid carries no class scores
     * @param scaleToFrame {@value #SCALE_SQUARE} (absent: boxes scale by max(W, H)) or {@value
     *     #SCALE_FACE_API_ROUNDED} (face-api's rounding of the resized dimensions, for exact
     *     parity)
     * @param smallestFace the narrowest face the detector finds reliably, in pixels of its input
     *     (measured; tiled detection lays its tiles by it); 0 when unknown
     * @param tileScoreThreshold the score a detection in a tile must exceed (0: the {@code
     *     scoreThreshold}). Tiling gives the detector many more looks at every frame, so each look
     *     must be surer for false positives per frame to stay where one look keeps them
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Decoder(
            String type,
            Layout gridLayout,
            int gridSize,
            int stride,
            float[][] anchors,
            List<String> classes,
            String boxEncoding,
            String scaleToFrame,
            float scoreThreshold,
            float iouThreshold,
            int maxDetections,
            float smallestFace,
            float tileScoreThreshold) {

        public static final String SCALE_SQUARE = "square";
        public static final String SCALE_FACE_API_ROUNDED = "face-api-rounded";

        public Decoder {
            anchors = anchors == null ? null : deepCopy(anchors);
            classes = classes == null ? List.of() : List.copyOf(classes);
            scaleToFrame = scaleToFrame == null ? SCALE_SQUARE : scaleToFrame;
        }

        /** The score a detection in a tile must exceed. */
        public float effectiveTileScoreThreshold() {
            return tileScoreThreshold > 0 ? tileScoreThreshold : scoreThreshold;
        }

        @Override
        public float[][] anchors() {
            return anchors == null ? null : deepCopy(anchors);
        }

        private static float[][] deepCopy(float[][] a) {
            float[][] copy = new float[a.length][];
            for (int i = 0; i < a.length; i++) {
                copy[i] = a[i] == null ? null : a[i].clone();
            }
            return copy;
        }
    }

    /** An optional half-precision variant of the model for GPUs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Fp16(String file, String sha256) {}

    /**
     * A facial region a classifier with region attention looks at (LNLJ), in the order of its
     * {@code regionWeights} output, so the weights can be named.
     *
     * @param box {@code [x0, y0, x1, y1]} as fractions of the square face crop
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Region(String name, List<Double> box) {}

    /** Where the weights came from. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Provenance(String source, List<String> files, String converter) {}

    public enum ModelTask {
        @JsonProperty("face-detector")
        FACE_DETECTOR,
        @JsonProperty("expression-classifier")
        EXPRESSION_CLASSIFIER
    }

    public enum Layout {
        NHWC,
        NCHW
    }

    public enum ChannelOrder {
        RGB,
        BGR
    }

    public enum Padding {
        /** Zeros at the bottom and the right (detector frames). */
        @JsonProperty("bottom-right")
        BOTTOM_RIGHT,
        /** Zeros on both sides, the extra pixel at the bottom/right when odd (classifier crops). */
        @JsonProperty("center")
        CENTER
    }

    /**
     * Checks every field and throws one {@link ModelDescriptorException} listing all problems.
     *
     * @return this descriptor, for chaining
     */
    public ModelDescriptor validate() {
        List<String> problems = new ArrayList<>();
        require(problems, notBlank(name), "'name' is missing");
        require(problems, notBlank(version), "'version' is missing");
        require(
                problems,
                task != null,
                "'task' must be \"face-detector\" or \"expression-classifier\"");
        require(
                problems,
                notBlank(file) && file.endsWith(".onnx"),
                "'file' must name the .onnx file beside the descriptor");
        require(
                problems,
                isSha256(sha256),
                "'sha256' must be the 64 hex digits of the .onnx file's SHA-256");
        validateInput(problems);
        if (task == ModelTask.EXPRESSION_CLASSIFIER) {
            require(problems, !labels.isEmpty(), "a classifier needs 'labels'");
            require(
                    problems,
                    labels.stream().allMatch(ModelDescriptor::notBlank),
                    "'labels' must not contain blank names");
            require(
                    problems,
                    labels.stream().distinct().count() == labels.size(),
                    "'labels' must be distinct");
            require(
                    problems,
                    notBlank(outputs.get(OUTPUT_PROBABILITIES)),
                    "a classifier needs 'outputs.probabilities' (the ONNX output name)");
        }
        if (task == ModelTask.FACE_DETECTOR) {
            require(
                    problems,
                    notBlank(outputs.get(OUTPUT_GRID)),
                    "a detector needs 'outputs.grid' (the ONNX output name)");
            validateDecoder(problems);
        }
        if (fp16 != null) {
            require(
                    problems,
                    notBlank(fp16.file()) && fp16.file().endsWith(".onnx"),
                    "'fp16.file' must name an .onnx file");
            require(problems, isSha256(fp16.sha256()), "'fp16.sha256' must be 64 hex digits");
        }
        if (!problems.isEmpty()) {
            throw new ModelDescriptorException(
                    "Model descriptor '"
                            + (name == null ? "?" : name)
                            + "' is invalid: "
                            + String.join("; ", problems));
        }
        return this;
    }

    private void validateInput(List<String> problems) {
        if (input == null) {
            problems.add("'input' is missing");
            return;
        }
        require(problems, notBlank(input.name()), "'input.name' (the ONNX input name) is missing");
        require(problems, input.layout() != null, "'input.layout' must be NHWC or NCHW");
        require(
                problems,
                input.width() > 0 && input.height() > 0,
                "'input.width' and 'input.height' must be positive");
        require(problems, input.channelOrder() != null, "'input.channelOrder' must be RGB or BGR");
        require(
                problems,
                input.valueRange() != null
                        && input.valueRange().length == 2
                        && input.valueRange()[0] < input.valueRange()[1],
                "'input.valueRange' must be [low, high] with low < high");
        require(
                problems,
                input.mean() != null && input.mean().length == 3,
                "'input.mean' needs 3 values, one per channel");
        require(
                problems,
                input.std() != null && input.std().length == 3 && allPositive(input.std()),
                "'input.std' needs 3 positive values, one per channel");
        Resize resize = input.resize();
        if (resize == null) {
            problems.add("'input.resize' is missing");
        } else {
            require(
                    problems,
                    resize.pad() != null,
                    "'input.resize.pad' must be \"center\" or \"bottom-right\"");
            require(
                    problems,
                    "bilinear".equals(resize.interpolation()),
                    "'input.resize.interpolation' must be \"bilinear\" (the only one implemented)");
            require(
                    problems,
                    !(resize.alignCorners() && resize.halfPixelCenters()),
                    "'input.resize.alignCorners' and 'halfPixelCenters' cannot both be true");
        }
    }

    private void validateDecoder(List<String> problems) {
        if (decoder == null) {
            problems.add("a detector needs a 'decoder'");
            return;
        }
        require(
                problems,
                DECODER_TINY_YOLO_V2.equals(decoder.type()),
                "'decoder.type' must be \""
                        + DECODER_TINY_YOLO_V2
                        + "\" (the only one implemented)");
        require(problems, decoder.gridLayout() == Layout.NHWC, "'decoder.gridLayout' must be NHWC");
        require(problems, decoder.stride() > 0, "'decoder.stride' must be positive");
        if (decoder.stride() > 0 && input != null && decoder.gridSize() == 0) {
            require(
                    problems,
                    input.width() % decoder.stride() == 0 && input.height() % decoder.stride() == 0,
                    "'input.width' and 'input.height' must be multiples of 'decoder.stride'");
        }
        require(
                problems,
                decoder.anchors() != null
                        && decoder.anchors().length > 0
                        && java.util.Arrays.stream(decoder.anchors())
                                .allMatch(a -> a != null && a.length == 2 && a[0] > 0 && a[1] > 0),
                "'decoder.anchors' must be a non-empty list of positive [width, height] pairs in"
                        + " grid cells");
        require(
                problems,
                decoder.scoreThreshold() > 0 && decoder.scoreThreshold() < 1,
                "'decoder.scoreThreshold' must be in (0, 1)");
        require(
                problems,
                decoder.iouThreshold() > 0 && decoder.iouThreshold() <= 1,
                "'decoder.iouThreshold' must be in (0, 1]");
        require(problems, decoder.maxDetections() > 0, "'decoder.maxDetections' must be positive");
        require(problems, decoder.gridSize() >= 0, "'decoder.gridSize' must be positive when set");
        require(
                problems,
                decoder.smallestFace() >= 0
                        && (input == null
                                || decoder.smallestFace()
                                        < Math.min(input.width(), input.height())),
                "'decoder.smallestFace' must be 0 (unknown) or a width in input pixels below the"
                        + " input size");
        require(
                problems,
                decoder.tileScoreThreshold() == 0
                        || decoder.tileScoreThreshold() >= decoder.scoreThreshold()
                                && decoder.tileScoreThreshold() < 1,
                "'decoder.tileScoreThreshold' must be 0 (the scoreThreshold) or in"
                        + " [scoreThreshold, 1)");
        require(
                problems,
                Decoder.SCALE_SQUARE.equals(decoder.scaleToFrame())
                        || Decoder.SCALE_FACE_API_ROUNDED.equals(decoder.scaleToFrame()),
                "'decoder.scaleToFrame' must be \""
                        + Decoder.SCALE_SQUARE
                        + "\" or \""
                        + Decoder.SCALE_FACE_API_ROUNDED
                        + "\"");
    }

    /** The ONNX output name stored under {@code key} in {@link #outputs()}, or null. */
    public String output(String key) {
        return outputs.get(key);
    }

    private static void require(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static boolean allPositive(float[] values) {
        for (float v : values) {
            if (!(v > 0)) {
                return false;
            }
        }
        return true;
    }

    static boolean isSha256(String s) {
        return s != null && s.matches("[0-9a-fA-F]{64}");
    }

    @Override
    public String toString() {
        return "ModelDescriptor[" + name + " " + version + ", " + task + ", " + file + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelDescriptor other
                && Objects.equals(name, other.name)
                && Objects.equals(version, other.version)
                && Objects.equals(sha256, other.sha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, sha256);
    }
}
