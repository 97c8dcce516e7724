package io.ferstream.processor.functions;

import io.ferstream.processor.records.SourcedFrame;
import io.ferstream.schema.FrameRejected;
import io.ferstream.schema.RejectReason;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * First operator after the source: counts frames in, sends records the source could not decode to
 * the dead-letter output, applies the freshness policy (in live mode, frames delivered too late to
 * matter are skipped and counted per camera; decided from the record, so a re-read after a failure
 * decides the same) and the overload policy (when the job has fallen behind, it sheds frames per
 * camera, counted per camera, never the catch-up after a restart).
 */
public final class IntakeFunction extends ProcessFunction<SourcedFrame, SourcedFrame> {

    private static final long serialVersionUID = 1L;

    private final FreshnessPolicy freshness;
    private final OverloadPolicy overload;
    private final OutputTag<FrameRejected> deadLetters;
    private transient Counter framesIn;
    private transient Counter undecodable;
    private transient Counter invalidCameraId;
    private transient Counter stale;
    private transient BoundedCameraCounters stalePerCamera;
    private transient Counter shed;
    private transient BoundedCameraCounters shedPerCamera;
    private transient volatile int keepOneIn;
    private transient long attemptStartMillis;

    public IntakeFunction(
            FreshnessPolicy freshness,
            OverloadPolicy overload,
            OutputTag<FrameRejected> deadLetters) {
        this.freshness = freshness;
        this.overload = overload;
        this.deadLetters = deadLetters;
    }

    @Override
    public void open(OpenContext context) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        framesIn = metrics.counter("framesIn");
        undecodable = metrics.addGroup("dropReason", "undecodable").counter("framesDropped");
        invalidCameraId =
                metrics.addGroup("dropReason", "invalid-camera-id").counter("framesDropped");
        stale = metrics.addGroup("dropReason", "stale").counter("framesDropped");
        MetricGroup cameras = metrics.addGroup("camera");
        stalePerCamera = new BoundedCameraCounters(cameras, "framesStale");
        shed = metrics.addGroup("dropReason", "shed").counter("framesDropped");
        shedPerCamera = new BoundedCameraCounters(cameras, "framesShed");
        keepOneIn = 1;
        metrics.gauge("overloadKeepOneIn", (Gauge<Integer>) () -> keepOneIn);
        // Frames that entered Kafka before this attempt started are its catch-up, never shed.
        attemptStartMillis = System.currentTimeMillis();
    }

    @Override
    public void processElement(SourcedFrame in, Context ctx, Collector<SourcedFrame> out) {
        framesIn.inc();
        if (in.isRejected()) {
            (in.rejected.getReason() == RejectReason.INVALID_CAMERA_ID
                            ? invalidCameraId
                            : undecodable)
                    .inc();
            ctx.output(deadLetters, in.rejected);
            return;
        }
        long capture = in.frame.getCaptureTime().toEpochMilli();
        if (!freshness.isFresh(capture, in.recordTimestamp)) {
            count(stale, stalePerCamera, in.frame.getCameraId());
            return;
        }
        keepOneIn =
                overload.keepOneIn(
                        in.recordTimestamp,
                        ctx.timerService().currentProcessingTime(),
                        attemptStartMillis);
        if (!OverloadPolicy.keeps(in.frame.getSequence(), keepOneIn)) {
            count(shed, shedPerCamera, in.frame.getCameraId());
            return;
        }
        out.collect(in);
    }

    /** Counts a frame left out, in total and for its camera. */
    private static void count(Counter total, BoundedCameraCounters perCamera, String camera) {
        total.inc();
        // Camera ids passed the id policy at the source: short plain names, safe as a label.
        perCamera.inc(camera);
    }
}
