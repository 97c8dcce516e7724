package io.ferstream.processor.functions;

import io.ferstream.processor.records.SourcedFrame;
import io.ferstream.schema.FrameRejected;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * First operator after the source: counts frames in, sends records the source could not decode to
 * the dead-letter output, and applies the freshness policy (in live mode, frames delivered too late
 * to matter are skipped and counted per camera; decided from the record, so a re-read after a
 * failure decides the same).
 */
public final class IntakeFunction extends ProcessFunction<SourcedFrame, SourcedFrame> {

    private static final long serialVersionUID = 1L;

    private final FreshnessPolicy freshness;
    private final OutputTag<FrameRejected> deadLetters;
    private transient Counter framesIn;
    private transient Counter undecodable;
    private transient Counter stale;
    private transient MetricGroup cameras;
    private transient ConcurrentHashMap<String, Counter> stalePerCamera;

    public IntakeFunction(FreshnessPolicy freshness, OutputTag<FrameRejected> deadLetters) {
        this.freshness = freshness;
        this.deadLetters = deadLetters;
    }

    @Override
    public void open(OpenContext context) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        framesIn = metrics.counter("framesIn");
        undecodable = metrics.addGroup("dropReason", "undecodable").counter("framesDropped");
        stale = metrics.addGroup("dropReason", "stale").counter("framesDropped");
        cameras = metrics.addGroup("camera");
        stalePerCamera = new ConcurrentHashMap<>();
    }

    @Override
    public void processElement(SourcedFrame in, Context ctx, Collector<SourcedFrame> out) {
        framesIn.inc();
        if (in.isRejected()) {
            undecodable.inc();
            ctx.output(deadLetters, in.rejected);
            return;
        }
        long capture = in.frame.getCaptureTime().toEpochMilli();
        if (!freshness.isFresh(capture, in.recordTimestamp)) {
            stale.inc();
            // Camera ids are operator-chosen names, never pixels: safe as a metric label.
            stalePerCamera
                    .computeIfAbsent(
                            in.frame.getCameraId(),
                            id -> cameras.addGroup(id).counter("framesStale"))
                    .inc();
            return;
        }
        out.collect(in);
    }
}
