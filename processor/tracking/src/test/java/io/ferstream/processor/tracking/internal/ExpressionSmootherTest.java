package io.ferstream.processor.tracking.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExpressionSmootherTest {

    private final ExpressionSmoother smoother = new ExpressionSmoother(Duration.ofMillis(500));

    @Test
    void shouldWeighANewObservationByOneMinusExpOfMinusDtOverTau() {
        assertEquals(1 - Math.exp(-1), smoother.alpha(500), 1e-12);
        assertEquals(0.0, smoother.alpha(0), 0.0); // zero of either sign: alpha(0) is -0.0
        assertEquals(1.0, smoother.alpha(100_000), 1e-12);
    }

    @Test
    void shouldSmoothTwoHalfStepsExactlyLikeOneFullStep() {
        // configure: the same start, the same new evidence
        float[] start = {1f, 0f, 0f};
        float[] evidence = {0f, 1f, 0f};
        double[] twoHalfSteps = smoother.initial(start);
        double[] oneFullStep = smoother.initial(start);

        // act: 30 fps-like gaps against one gap of the same total length
        smoother.update(twoHalfSteps, evidence, 100);
        smoother.update(twoHalfSteps, evidence, 100);
        smoother.update(oneFullStep, evidence, 200);

        // verify: both equal the analytic value 1 - exp(-200/500)
        double analytic = 1 - Math.exp(-200.0 / 500.0);
        assertEquals(analytic, oneFullStep[1], 1e-12);
        assertEquals(analytic, twoHalfSteps[1], 1e-12);
        assertEquals(1 - analytic, twoHalfSteps[0], 1e-12);
    }

    @Test
    void shouldFollowTheObservationAtOnceWhenTauIsZero() {
        ExpressionSmoother none = new ExpressionSmoother(Duration.ZERO);
        double[] average = none.initial(new float[] {1f, 0f});

        none.update(average, new float[] {0.25f, 0.75f}, 33);

        assertArrayEquals(new double[] {0.25, 0.75}, average);
    }
}
