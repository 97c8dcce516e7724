package io.ferstream.inference.detection;

import io.ferstream.inference.Detection;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the faces of the last detection are on a later frame, assuming each keeps the motion it had
 * between the last two detections (constant velocity of centre and size per frame). A face of the
 * last detection is the same face as the nearest one of the detection before whose centre lies
 * within one face width and whose size is alike; a face that matches none stands still. Pure.
 */
public final class MotionPrediction {

    /** Farthest a face's centre moves between two detections, in its widths. */
    static final double MAX_MOVE_WIDTHS = 1.0;

    /** Most a face's width changes between two detections, as a ratio. */
    static final double MAX_GROWTH = 1.5;

    private MotionPrediction() {}

    /**
     * @param previousSequence sequence of the detection before the last, or -1 if none
     * @param previous its faces
     * @param lastSequence sequence of the last detection
     * @param last its faces
     * @param sequence the frame to predict, after {@code lastSequence}
     */
    public static List<Detection> predict(
            long previousSequence,
            List<Detection> previous,
            long lastSequence,
            List<Detection> last,
            long sequence) {
        long ahead = sequence - lastSequence;
        long span = lastSequence - previousSequence;
        List<Detection> predicted = new ArrayList<>(last.size());
        boolean[] taken = new boolean[previous.size()];
        for (Detection now : last) {
            int match = previousSequence < 0 || span <= 0 ? -1 : bestMatch(now, previous, taken);
            if (match < 0) {
                predicted.add(now);
                continue;
            }
            taken[match] = true;
            Detection before = previous.get(match);
            double f = ahead / (double) span;
            double width = Math.max(1, now.width() + (now.width() - before.width()) * f);
            double height = Math.max(1, now.height() + (now.height() - before.height()) * f);
            double cx = centreX(now) + (centreX(now) - centreX(before)) * f;
            double cy = centreY(now) + (centreY(now) - centreY(before)) * f;
            predicted.add(
                    new Detection(cx - width / 2, cy - height / 2, width, height, now.score()));
        }
        return predicted;
    }

    private static int bestMatch(Detection face, List<Detection> candidates, boolean[] taken) {
        int best = -1;
        double nearest = Double.MAX_VALUE;
        for (int i = 0; i < candidates.size(); i++) {
            Detection c = candidates.get(i);
            double distance = Math.hypot(centreX(face) - centreX(c), centreY(face) - centreY(c));
            double growth = face.width() / c.width();
            if (!taken[i]
                    && distance <= MAX_MOVE_WIDTHS * Math.max(face.width(), c.width())
                    && growth <= MAX_GROWTH
                    && growth >= 1 / MAX_GROWTH
                    && distance < nearest) {
                best = i;
                nearest = distance;
            }
        }
        return best;
    }

    private static double centreX(Detection d) {
        return d.x() + d.width() / 2;
    }

    private static double centreY(Detection d) {
        return d.y() + d.height() / 2;
    }
}
