package io.ferstream.processor.summaries;

import io.ferstream.processor.summaries.MinuteSummarizer.Applied;
import io.ferstream.processor.tracking.ProcessingClock;
import io.ferstream.processor.tracking.TrackingConfig;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionSummary;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Flink adapter of {@link MinuteSummarizer}: expression events in, one {@link ExpressionSummary}
 * per camera and minute of its capture time out. Use on the tracker's events keyed by camera.
 *
 * <ul>
 *   <li>A minute is summarised when event time passes its end by {@code tracking.max-age} plus
 *       {@code tracking.max-camera-skew}: by then the tracker has written every event of the camera
 *       up to that end, including the {@code TRACK_ENDED} of a track last seen just before it (the
 *       tracker ends a silent camera's tracks at that same bound). So the summary of a minute is
 *       the same in a replay or after a restore, and it comes out about that long after the minute.
 *   <li>State: one {@code ValueState} per camera (open tracks and unsummarised minutes), and at
 *       most one event-time timer, at the next minute due. When the camera has no track left and
 *       every minute is summarised, only the end of its last summarised minute stays (a few dozen
 *       bytes per camera ever seen; the gate bounds how many camera ids come in): a late event must
 *       never summarise a minute a second time, and after a restore event time starts again from
 *       nothing, so the watermark cannot tell which minutes were done.
 *   <li>Metrics: counters {@code summariesEmitted}, {@code summaryEventsLate} (events of a minute
 *       already summarised: frames beyond the camera-skew contract) and {@code
 *       summaryEventsUnknownTrack} (events of a track whose start this state never saw).
 * </ul>
 */
public class ExpressionSummaryFunction
        extends KeyedProcessFunction<String, ExpressionEvent, ExpressionSummary> {

    private static final long serialVersionUID = 1L;

    private final long latenessMillis;
    private final ProcessingClock clock;

    private transient MinuteSummarizer summarizer;
    private transient ValueState<CameraMinutes> cameraState;
    private transient Counter summariesEmitted;
    private transient Counter eventsLate;
    private transient Counter eventsUnknownTrack;

    public ExpressionSummaryFunction(TrackingConfig tracking) {
        this(tracking, ProcessingClock.system());
    }

    /**
     * @param clock source of the informational {@code emittedTime} (fixed in tests)
     */
    public ExpressionSummaryFunction(TrackingConfig tracking, ProcessingClock clock) {
        this.latenessMillis = tracking.maxAge().plus(tracking.maxCameraSkew()).toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void open(OpenContext openContext) {
        summarizer = new MinuteSummarizer();
        cameraState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "camera-minutes", TypeInformation.of(CameraMinutes.class)));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        summariesEmitted = metrics.counter("summariesEmitted");
        eventsLate = metrics.counter("summaryEventsLate");
        eventsUnknownTrack = metrics.counter("summaryEventsUnknownTrack");
    }

    @Override
    public void processElement(ExpressionEvent event, Context ctx, Collector<ExpressionSummary> out)
            throws Exception {
        CameraMinutes state = cameraState.value();
        if (state == null) {
            state = new CameraMinutes();
            state.cameraId = ctx.getCurrentKey();
        }
        long scheduled = timerOf(state);
        Applied applied = summarizer.apply(state, event);
        switch (applied) {
            case LATE -> eventsLate.inc();
            case UNKNOWN_TRACK -> eventsUnknownTrack.inc();
            default -> {}
        }
        store(state, scheduled, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ExpressionSummary> out)
            throws Exception {
        CameraMinutes state = cameraState.value();
        if (state == null) {
            return;
        }
        long scheduled = timerOf(state);
        for (ExpressionSummary summary :
                summarizer.summariseUntil(
                        state, timestamp - latenessMillis, clock.currentTimeMillis())) {
            summariesEmitted.inc();
            out.collect(summary);
        }
        // The timer that fired is gone; only a different, still pending one needs deleting.
        store(state, scheduled == timestamp ? Long.MAX_VALUE : scheduled, ctx.timerService());
    }

    private void store(CameraMinutes state, long scheduled, TimerService timers) throws Exception {
        cameraState.update(state);
        long next = timerOf(state);
        if (next != scheduled) {
            if (scheduled != Long.MAX_VALUE) {
                timers.deleteEventTimeTimer(scheduled);
            }
            if (next != Long.MAX_VALUE) {
                timers.registerEventTimeTimer(next);
            }
        }
    }

    /** When the camera's next minute is due, or {@link Long#MAX_VALUE} for none. */
    private long timerOf(CameraMinutes state) {
        long end = summarizer.nextMinuteEnd(state);
        return end == Long.MAX_VALUE ? end : saturatedAdd(end, latenessMillis);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE - 1 : sum;
    }
}
