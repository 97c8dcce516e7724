package io.ferstream.processor.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExpressionSmootherTest {

    private final ExpressionSmoother smoother = new ExpressionSmoother(Duration.ofMillis(500));

    @Test
    void shouldWeighANewObservationByOneMinusExpOfMinusDtOverTau() {
        assertThat(smoother.alpha(500)).isCloseTo(1 - Math.exp(-1), within(1e-12));
        assertThat(smoother.alpha(0)).isZero();
        assertThat(smoother.alpha(100_000)).isCloseTo(1.0, within(1e-12));
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
        assertThat(oneFullStep[1]).isCloseTo(analytic, within(1e-12));
        assertThat(twoHalfSteps[1]).isCloseTo(analytic, within(1e-12));
        assertThat(twoHalfSteps[0]).isCloseTo(1 - analytic, within(1e-12));
    }

    @Test
    void shouldFollowTheObservationAtOnceWhenTauIsZero() {
        ExpressionSmoother none = new ExpressionSmoother(Duration.ZERO);
        double[] average = none.initial(new float[] {1f, 0f});

        none.update(average, new float[] {0.25f, 0.75f}, 33);

        assertThat(average).containsExactly(0.25, 0.75);
    }
}
