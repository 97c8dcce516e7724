package io.ferstream.processor.tracking.internal;

import java.time.Duration;

/**
 * Decides the current expression of a track from its smoothed distribution without flicker: another
 * label takes over only after it has led the current label by at least {@code margin} at every
 * observation for {@code dwell} of event time. A lead that drops below the margin, or a different
 * challenger, restarts the dwell.
 */
public final class ExpressionHysteresis {

    /** No challenger. */
    public static final int NONE = -1;

    private final double margin;
    private final long dwellMillis;

    public ExpressionHysteresis(double margin, Duration dwell) {
        this.margin = margin;
        this.dwellMillis = dwell.toMillis();
    }

    /** Index of the most probable label; ties go to the lower index so replays agree. */
    public static int leader(double[] distribution) {
        int best = 0;
        for (int i = 1; i < distribution.length; i++) {
            if (distribution[i] > distribution[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Applies the rule at an observation at {@code timeMillis} (smoothed already updated).
     *
     * @return true when the current expression changed
     */
    public boolean observe(TrackState track, long timeMillis) {
        double[] smoothed = track.smoothed;
        int leader = leader(smoothed);
        boolean leads =
                leader != track.currentLabel
                        && smoothed[leader] - smoothed[track.currentLabel] >= margin;
        if (!leads) {
            track.challengerLabel = NONE;
            return false;
        }
        if (track.challengerLabel != leader) {
            track.challengerLabel = leader;
            track.challengerSinceMillis = timeMillis;
        }
        if (timeMillis - track.challengerSinceMillis >= dwellMillis) {
            track.currentLabel = leader;
            track.challengerLabel = NONE;
            return true;
        }
        return false;
    }
}
