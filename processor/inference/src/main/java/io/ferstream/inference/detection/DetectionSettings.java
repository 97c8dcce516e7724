package io.ferstream.inference.detection;

import java.io.Serializable;
import java.util.Objects;

/**
 * How one camera's frames are searched for faces.
 *
 * @param minFacePx the smallest face to find, in pixels of the frame's width; 0 looks at the whole
 *     frame only, as the detector alone does (it finds faces from about an eighth of the frame)
 * @param regions where faces count; tiles are laid only over them
 * @param interval run the detector on every this many frames (by sequence number); on the frames
 *     between, faces are classified at the boxes predicted from the last two detections
 */
public record DetectionSettings(int minFacePx, RegionsOfInterest regions, int interval)
        implements Serializable {

    /** The smallest {@code minFacePx} other than 0: below it a face has too few pixels to judge. */
    public static final int SMALLEST_MIN_FACE_PX = 16;

    /** The whole frame at the detector's input size, everywhere, every frame: as face-api does. */
    public static final DetectionSettings WHOLE_FRAME =
            new DetectionSettings(0, RegionsOfInterest.EVERYWHERE, 1);

    public DetectionSettings {
        if (minFacePx != 0 && minFacePx < SMALLEST_MIN_FACE_PX) {
            throw new IllegalArgumentException(
                    "the smallest face to find must be 0 (whole frame only) or at least "
                            + SMALLEST_MIN_FACE_PX
                            + " px, got "
                            + minFacePx);
        }
        Objects.requireNonNull(regions, "regions");
        if (interval < 1) {
            throw new IllegalArgumentException(
                    "the detection interval must be 1 (every frame) or more, got " + interval);
        }
    }

    public DetectionSettings withMinFacePx(int px) {
        return new DetectionSettings(px, regions, interval);
    }

    public DetectionSettings withRegions(RegionsOfInterest r) {
        return new DetectionSettings(minFacePx, r, interval);
    }

    public DetectionSettings withInterval(int n) {
        return new DetectionSettings(minFacePx, regions, n);
    }

    /** Whether the frame with this sequence number runs the detector (the others are predicted). */
    public boolean detects(long sequence) {
        return interval == 1 || Math.floorMod(sequence, interval) == 0;
    }
}
