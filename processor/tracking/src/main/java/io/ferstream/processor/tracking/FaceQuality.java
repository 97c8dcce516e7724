package io.ferstream.processor.tracking;

import io.ferstream.config.ConfigReader;
import io.ferstream.config.Setting;
import java.io.Serializable;
import java.util.List;

/**
 * Whether a face's expression can be judged: the classifier sees every face at its input size (112
 * px for face-api's), so a face of a few pixels is mostly made up, and a detection the detector
 * itself doubts may be no face at all. Such a face is still tracked, but its expression is not
 * used: it shows as the label {@value #UNKNOWN} until a judgeable observation arrives.
 *
 * @param minFacePx narrowest face whose expression is used, in frame pixels
 * @param minScore lowest detector score whose expression is used
 */
public record FaceQuality(int minFacePx, double minScore) implements Serializable {

    /** The label a face shows while none of its observations could be judged. */
    public static final String UNKNOWN = "unknown";

    public static final Setting<Integer> MIN_FACE_PX =
            Setting.integerAtLeast(
                    "quality.min-face-px",
                    24,
                    0,
                    "narrowest face, in frame pixels, whose expression is used; smaller faces are"
                            + " tracked with the label `unknown`");
    public static final Setting<Double> MIN_SCORE =
            Setting.decimal(
                            "quality.min-score",
                            0.5,
                            "lowest detector score whose expression is used; below it the face is"
                                    + " tracked with the label `unknown`")
                    .check(v -> v >= 0 && v <= 1, "be between 0 and 1");

    public static final List<Setting<?>> SETTINGS = List.of(MIN_FACE_PX, MIN_SCORE);

    public static final FaceQuality DEFAULT =
            new FaceQuality(MIN_FACE_PX.defaultValue(), MIN_SCORE.defaultValue());

    public FaceQuality {
        MIN_FACE_PX.requireValid(minFacePx);
        MIN_SCORE.requireValid(minScore);
    }

    public static FaceQuality read(ConfigReader reader) {
        return new FaceQuality(reader.get(MIN_FACE_PX), reader.get(MIN_SCORE));
    }

    /** Whether the expression of a face with this box width and score may be used. */
    public boolean judgeable(double widthPx, double score) {
        return widthPx >= minFacePx && score >= minScore;
    }
}
