package io.ferstream.inference;

import io.ferstream.inference.model.ModelDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decodes a tiny-YOLOv2 grid {@code [gh, gw, anchors * (5 + class scores)]} (NHWC) into face boxes
 * in frame pixels, as the descriptor's {@code decoder} says: sigmoid for the centre offsets and the
 * score, exp times the anchor for the size, strict score threshold, greedy NMS (a box survives when
 * its IoU with every better box is at most the threshold), best first, at most maxDetections. Pure
 * and thread-safe.
 */
public final class TinyYoloV2Decoder {

    private final int gridWidth;
    private final int gridHeight;
    private final float[][] anchors;
    private final float scoreThreshold;
    private final float iouThreshold;
    private final int maxDetections;
    private final boolean faceApiRounding;
    private final int inputWidth;
    private final int inputHeight;

    public TinyYoloV2Decoder(ModelDescriptor descriptor) {
        ModelDescriptor.Decoder decoder = descriptor.decoder();
        ModelDescriptor.Input input = descriptor.input();
        this.inputWidth = input.width();
        this.inputHeight = input.height();
        this.gridWidth =
                decoder.gridSize() > 0 ? decoder.gridSize() : input.width() / decoder.stride();
        this.gridHeight =
                decoder.gridSize() > 0 ? decoder.gridSize() : input.height() / decoder.stride();
        this.anchors = decoder.anchors();
        this.scoreThreshold = decoder.scoreThreshold();
        this.iouThreshold = decoder.iouThreshold();
        this.maxDetections = decoder.maxDetections();
        this.faceApiRounding =
                ModelDescriptor.Decoder.SCALE_FACE_API_ROUNDED.equals(decoder.scaleToFrame());
    }

    /**
     * @param grid one item's raw grid output
     * @param frameWidth width of the frame the input was made from
     * @param frameHeight height of that frame
     */
    public List<Detection> decode(float[] grid, int frameWidth, int frameHeight) {
        int cells = gridWidth * gridHeight;
        if (grid.length % (cells * anchors.length) != 0
                || grid.length / (cells * anchors.length) < 5) {
            throw new IllegalArgumentException(
                    "Grid of "
                            + grid.length
                            + " floats does not fit "
                            + gridHeight
                            + "x"
                            + gridWidth
                            + " cells x "
                            + anchors.length
                            + " anchors x (5 + classes)");
        }
        int perAnchor = grid.length / (cells * anchors.length);
        // Boxes are decoded in the padded square (0..1) and scale back by its side: max(W, H).
        // face-api
        // instead divides by its rounded resized frame size; "face-api-rounded" reproduces that
        // exactly.
        double side = Math.max(frameWidth, frameHeight);
        double scaleX = side;
        double scaleY = side;
        if (faceApiRounding) {
            scaleX = inputWidth / (double) jsRound(frameWidth * inputWidth / side) * frameWidth;
            scaleY = inputHeight / (double) jsRound(frameHeight * inputHeight / side) * frameHeight;
        }
        List<Detection> candidates = new ArrayList<>();
        for (int row = 0; row < gridHeight; row++) {
            for (int col = 0; col < gridWidth; col++) {
                for (int a = 0; a < anchors.length; a++) {
                    int o = ((row * gridWidth + col) * anchors.length + a) * perAnchor;
                    double score = sigmoid(grid[o + 4]);
                    if (!(score > scoreThreshold)) {
                        continue;
                    }
                    double cx = (col + sigmoid(grid[o])) / gridWidth;
                    double cy = (row + sigmoid(grid[o + 1])) / gridHeight;
                    double w = Math.exp(grid[o + 2]) * anchors[a][0] / gridWidth;
                    double h = Math.exp(grid[o + 3]) * anchors[a][1] / gridHeight;
                    candidates.add(
                            new Detection(
                                    (cx - w / 2) * scaleX,
                                    (cy - h / 2) * scaleY,
                                    w * scaleX,
                                    h * scaleY,
                                    score));
                }
            }
        }
        return nonMaxSuppression(candidates);
    }

    private List<Detection> nonMaxSuppression(List<Detection> candidates) {
        // stable sort: equal scores keep grid order
        candidates.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        boolean[] suppressed = new boolean[candidates.size()];
        for (int i = 0; i < candidates.size() && kept.size() < maxDetections; i++) {
            if (suppressed[i]) {
                continue;
            }
            Detection best = candidates.get(i);
            kept.add(best);
            for (int j = i + 1; j < candidates.size(); j++) {
                if (!suppressed[j] && best.iou(candidates.get(j)) > iouThreshold) {
                    suppressed[j] = true;
                }
            }
        }
        return kept;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    // JavaScript's Math.round: halves round up
    private static long jsRound(double v) {
        return (long) Math.floor(v + 0.5);
    }
}
