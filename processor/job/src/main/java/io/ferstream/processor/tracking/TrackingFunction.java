package io.ferstream.processor.tracking;

import io.ferstream.processor.tracking.internal.CameraTracker;
import io.ferstream.processor.tracking.internal.CameraTrackingState;
import io.ferstream.processor.tracking.internal.TrackState;
import io.ferstream.processor.tracking.internal.TrackingOutcome;
import io.ferstream.schema.ExpressionEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink adapter of the per-camera tracker ({@link CameraTracker}); use on a stream keyed by {@link
 * FrameFaces#cameraId()}.
 *
 * <ul>
 *   <li>State: one {@code ValueState} per camera holding its tracks, cleared as soon as the camera
 *       has no track left, so idle cameras cost nothing.
 *   <li>Time is per camera. A camera's tracks end on its own capture times: a frame of the camera
 *       ends the tracks whose {@code lastSeen + maxAge} it has passed. Flink's watermark, which
 *       follows the fastest cameras of a partition, only ends the tracks of a camera that has gone
 *       silent, and only {@code maxCameraSkew} after their deadline: at most one event-time timer
 *       per camera, at the earliest {@code lastSeen + maxAge + maxCameraSkew} of its tracks, moved
 *       whenever that changes. So cameras whose clocks disagree by up to {@code maxCameraSkew}
 *       never end each other's tracks, and both ways of ending a track give the same event, which
 *       keeps replays and restores deterministic.
 *   <li>{@code TRACK_UPDATED} needs no timer: it is emitted with the first observation at least
 *       {@code updatePeriod} after the track's previous event (a face that is not seen has nothing
 *       new to report).
 *   <li>Frames older than the camera's last processed frame (capture time, then sequence) are
 *       ignored and counted in {@code framesOutOfOrder}.
 *   <li>A frame that arrives when event time is already past its capture time by more than {@code
 *       maxAge + maxCameraSkew} breaks the skew contract: the camera's tracks may have been ended
 *       by the other cameras' time before its frames came (a partition stalled longer than the skew
 *       while the others went on). It is processed, and counted in {@code framesBeyondCameraSkew}
 *       so operators see when a replay could disagree with the live run.
 *   <li>Metrics: counters {@code framesOutOfOrder}, {@code framesBeyondCameraSkew}, {@code
 *       facesOverCapacity}, {@code tracksStarted}, {@code tracksEnded}, {@code expressionChanges};
 *       gauge {@code activeTracks}: confirmed tracks of the cameras this subtask has processed
 *       since it started (after a restore, a camera counts again from its next frame or timer).
 * </ul>
 */
public class TrackingFunction extends KeyedProcessFunction<String, FrameFaces, ExpressionEvent> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TrackingFunction.class);

    private final TrackingConfig config;
    private final ProcessingClock clock;

    private transient CameraTracker tracker;
    private transient long skewMillis;
    private transient ValueState<CameraTrackingState> cameraState;
    private transient Counter framesOutOfOrder;
    private transient Counter framesBeyondCameraSkew;
    private transient long lateBoundMillis;
    private transient Counter facesOverCapacity;
    private transient Counter tracksStarted;
    private transient Counter tracksEnded;
    private transient Counter expressionChanges;
    private transient Map<String, Integer> activeTracksByCamera;
    private transient volatile long activeTracks;

    /** A tracker whose events carry the system clock's processing time. */
    public TrackingFunction(TrackingConfig config) {
        this(config, ProcessingClock.system());
    }

    /**
     * @param clock source of the informational processing-time fields (fixed in tests)
     */
    public TrackingFunction(TrackingConfig config, ProcessingClock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void open(OpenContext openContext) {
        tracker = new CameraTracker(config, clock);
        skewMillis = config.maxCameraSkew().toMillis();
        cameraState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "camera-tracks",
                                        TypeInformation.of(CameraTrackingState.class)));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        framesOutOfOrder = metrics.counter("framesOutOfOrder");
        framesBeyondCameraSkew = metrics.counter("framesBeyondCameraSkew");
        lateBoundMillis = config.maxAge().plus(config.maxCameraSkew()).toMillis();
        facesOverCapacity = metrics.counter("facesOverCapacity");
        tracksStarted = metrics.counter("tracksStarted");
        tracksEnded = metrics.counter("tracksEnded");
        expressionChanges = metrics.counter("expressionChanges");
        activeTracksByCamera = new HashMap<>();
        metrics.gauge("activeTracks", (Gauge<Long>) () -> activeTracks);
    }

    @Override
    public void processElement(FrameFaces frame, Context ctx, Collector<ExpressionEvent> out)
            throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        if (watermark > Long.MIN_VALUE + lateBoundMillis
                && watermark - lateBoundMillis > frame.captureTimeMillis()) {
            framesBeyondCameraSkew.inc();
        }
        CameraTrackingState state = cameraState.value();
        long scheduled = timerOf(state); // the timer registered for this camera, if any
        TrackingOutcome outcome = tracker.onFrame(state, frame);
        if (outcome.outOfOrder()) {
            framesOutOfOrder.inc();
            return;
        }
        if (LOG.isDebugEnabled()) {
            logLifecycle(
                    ctx.getCurrentKey(),
                    state,
                    outcome.state(),
                    "frame " + frame.frameSequence() + " captured " + frame.captureTimeMillis(),
                    ctx.timerService());
        }
        facesOverCapacity.inc(outcome.facesOverCapacity());
        apply(outcome, scheduled, ctx.getCurrentKey(), ctx.timerService(), out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ExpressionEvent> out)
            throws Exception {
        CameraTrackingState state = cameraState.value();
        long scheduled = timerOf(state);
        // The other cameras' time is past this camera's deadline by the tolerated skew: its tracks
        // end as of the deadline, in its own time, as its next frame would have ended them.
        TrackingOutcome outcome = tracker.onEventTime(state, timestamp - skewMillis);
        if (LOG.isDebugEnabled()) {
            logLifecycle(
                    ctx.getCurrentKey(),
                    state,
                    outcome.state(),
                    "timer " + timestamp,
                    ctx.timerService());
        }
        // The timer that fired is gone; only a different, still pending one needs deleting.
        apply(
                outcome,
                scheduled == timestamp ? CameraTracker.NO_DEADLINE : scheduled,
                ctx.getCurrentKey(),
                ctx.timerService(),
                out);
    }

    private void apply(
            TrackingOutcome outcome,
            long scheduled,
            String camera,
            TimerService timers,
            Collector<ExpressionEvent> out)
            throws Exception {
        CameraTrackingState next = outcome.state();
        if (next == null) {
            cameraState.clear();
        } else {
            cameraState.update(next);
        }
        long deadline = timerOf(next);
        if (deadline != scheduled) {
            if (scheduled != CameraTracker.NO_DEADLINE) {
                timers.deleteEventTimeTimer(scheduled);
            }
            if (deadline != CameraTracker.NO_DEADLINE) {
                timers.registerEventTimeTimer(deadline);
            }
        }
        for (ExpressionEvent event : outcome.events()) {
            switch (event.getType()) {
                case TRACK_STARTED -> tracksStarted.inc();
                case TRACK_ENDED -> tracksEnded.inc();
                case EXPRESSION_CHANGED -> expressionChanges.inc();
                default -> {}
            }
            out.collect(event);
        }
        updateActiveTracks(camera, next);
    }

    /**
     * Where a camera's state begins and ends, and how far behind event time its frames came (the
     * watermark against the frame's capture time): for debugging runs whose events disagree.
     */
    private static void logLifecycle(
            String camera,
            CameraTrackingState before,
            CameraTrackingState after,
            String cause,
            TimerService timers) {
        if (after != null && after != before) { // the tracker makes a new state, or mutates it
            LOG.debug(
                    "camera {}: state created at {} (watermark {}), first track id {}",
                    camera,
                    cause,
                    timers.currentWatermark(),
                    after.tracks.get(0).trackId);
        } else if (before != null && after == null) {
            LOG.debug(
                    "camera {}: state cleared at {} (watermark {})",
                    camera,
                    cause,
                    timers.currentWatermark());
        }
    }

    /** When the camera's expiry timer fires: its earliest deadline plus the tolerated skew. */
    private long timerOf(CameraTrackingState state) {
        long deadline = tracker.nextDeadline(state);
        if (deadline == CameraTracker.NO_DEADLINE) {
            return deadline;
        }
        long timer = deadline + skewMillis;
        return timer < deadline || timer == CameraTracker.NO_DEADLINE
                ? CameraTracker.NO_DEADLINE - 1
                : timer;
    }

    private void updateActiveTracks(String camera, CameraTrackingState state) {
        int confirmed = 0;
        if (state != null) {
            for (TrackState track : state.tracks) {
                confirmed += track.confirmed ? 1 : 0;
            }
        }
        Integer before =
                confirmed == 0
                        ? activeTracksByCamera.remove(camera)
                        : activeTracksByCamera.put(camera, confirmed);
        activeTracks += confirmed - (before == null ? 0 : before);
    }
}
