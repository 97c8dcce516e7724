package io.ferstream.bench;

/**
 * How many of the expression labels one way of analysing a sequence gives (detect-every-1) another
 * keeps (detect-every-N, which classifies the frames between detections at predicted boxes): of the
 * true faces both labelled in the same frame ({@link FaceLabels}), the share with the same label.
 *
 * @param compared true faces both passes labelled, frame by frame
 * @param agreed those with the same label in both
 */
record LabelAgreement(int compared, int agreed) {

    /** Agreed over compared; NaN when nothing was compared. */
    double share() {
        return compared == 0 ? Double.NaN : agreed / (double) compared;
    }

    /** Compares two label tables over the same frames (see {@link FaceLabels}). */
    static LabelAgreement between(int[][] reference, int[][] other) {
        if (reference.length != other.length) {
            throw new IllegalArgumentException(
                    "passes over different frames: " + reference.length + " and " + other.length);
        }
        int compared = 0;
        int agreed = 0;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i].length != other[i].length) {
                throw new IllegalArgumentException("frame " + i + " has other true faces");
            }
            for (int t = 0; t < reference[i].length; t++) {
                if (reference[i][t] >= 0 && other[i][t] >= 0) {
                    compared++;
                    agreed += reference[i][t] == other[i][t] ? 1 : 0;
                }
            }
        }
        return new LabelAgreement(compared, agreed);
    }
}
