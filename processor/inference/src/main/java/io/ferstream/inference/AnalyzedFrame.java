package io.ferstream.inference;

import java.util.List;

/**
 * The faces of one frame.
 *
 * @param detected whether the detector ran on this frame; if not, the faces were classified at
 *     boxes predicted from earlier detections (detect-every-N)
 * @param faces the faces with their expressions
 */
public record AnalyzedFrame(boolean detected, List<Face> faces) {

    public AnalyzedFrame {
        faces = List.copyOf(faces);
    }
}
