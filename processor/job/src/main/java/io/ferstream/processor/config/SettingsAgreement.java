package io.ferstream.processor.config;

import io.ferstream.config.ConfigReader;
import io.ferstream.config.Values;
import io.ferstream.processor.functions.FreshnessPolicy;
import java.time.Duration;

/**
 * Settings that are each valid but must also agree with one another, checked together at start so
 * that a contradiction is refused there, with what to change, rather than found in production:
 *
 * <ul>
 *   <li>the sink's transactions must outlive a failure (a checkpoint in flight, the next one, the
 *       restart delay and a frame's analysis timeout), yet not exceed what the brokers allow;
 *   <li>in live mode, a frame may enter Kafka up to the tolerated camera clock skew after its
 *       capture time without being skipped as stale, or the tolerance would be empty.
 * </ul>
 */
final class SettingsAgreement {

    private SettingsAgreement() {}

    static void check(JobConfig c, Duration brokerMaxTransaction, ConfigReader r) {
        Duration failure =
                c.checkpointInterval()
                        .multipliedBy(2)
                        .plus(c.restartDelay())
                        .plus(c.analysisTimeout());
        r.require(
                c.transactionTimeout().compareTo(failure) >= 0,
                JobConfig.TRANSACTION_TIMEOUT.key(),
                Values.format(c.transactionTimeout())
                        + " is shorter than a failure takes to recover (2 x "
                        + JobConfig.CHECKPOINT_INTERVAL.key()
                        + " + "
                        + JobConfig.RESTART_DELAY.key()
                        + " + "
                        + JobConfig.ANALYSIS_TIMEOUT.key()
                        + " = "
                        + Values.format(failure)
                        + "): the transaction of a failed attempt would be aborted and its events"
                        + " lost; raise it");
        r.require(
                c.transactionTimeout().compareTo(brokerMaxTransaction) <= 0,
                JobConfig.TRANSACTION_TIMEOUT.key(),
                Values.format(c.transactionTimeout())
                        + " exceeds the brokers' transaction.max.timeout.ms ("
                        + Values.format(brokerMaxTransaction)
                        + ", or set "
                        + JobConfig.BROKER_MAX_TRANSACTION_TIMEOUT.key()
                        + " if you raised theirs); lower it");
        Duration skew = c.tracking().maxCameraSkew();
        r.require(
                c.freshness().mode() != FreshnessPolicy.Mode.LIVE
                        || c.freshness().maxLag().compareTo(skew) >= 0,
                JobConfig.LIVE_MAX_LAG.key(),
                Values.format(c.freshness().maxLag())
                        + " is less than tracking.max-camera-skew ("
                        + Values.format(skew)
                        + "): every frame of a camera whose clock runs that far behind would be"
                        + " skipped as stale; raise it to at least the skew, or lower the skew");
    }
}
