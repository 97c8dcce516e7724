package io.ferstream.processor.tracking.internal;

import java.time.Duration;

/**
 * Time-aware exponential moving average of a probability vector: each observation moves the average
 * by {@code alpha = 1 - exp(-dt / tau)}, dt being the capture-time gap to the previous observation.
 * Because {@code (1 - alpha(dt/2))^2 = 1 - alpha(dt)}, two observations half a gap apart weigh the
 * same as one a full gap apart: uneven or changing frame rates smooth alike.
 */
public final class ExpressionSmoother {

    private final double tauMillis;

    /**
     * @param tau time constant; zero disables smoothing (the average is the latest observation)
     */
    public ExpressionSmoother(Duration tau) {
        this.tauMillis = tau.toNanos() / 1e6;
    }

    /** Weight of a new observation that comes {@code dtMillis} after the previous one. */
    public double alpha(long dtMillis) {
        if (tauMillis <= 0.0) {
            return 1.0;
        }
        return -Math.expm1(-Math.max(0L, dtMillis) / tauMillis);
    }

    /** The first observation of a track initialises the average. */
    public double[] initial(float[] observation) {
        double[] average = new double[observation.length];
        for (int i = 0; i < observation.length; i++) {
            average[i] = observation[i];
        }
        return average;
    }

    /** Moves {@code average} (in place) towards {@code observation} made {@code dtMillis} later. */
    public void update(double[] average, float[] observation, long dtMillis) {
        double a = alpha(dtMillis);
        for (int i = 0; i < average.length; i++) {
            average[i] += a * (observation[i] - average[i]);
        }
    }
}
