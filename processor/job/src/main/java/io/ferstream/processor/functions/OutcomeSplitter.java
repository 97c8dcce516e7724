package io.ferstream.processor.functions;

import io.ferstream.processor.records.AnalysisOutcome;
import io.ferstream.processor.tracking.FrameFaces;
import io.ferstream.schema.FrameRejected;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Sends analysed frames on to tracking and rejected images to the dead-letter output. */
public final class OutcomeSplitter extends ProcessFunction<AnalysisOutcome, FrameFaces> {

    private static final long serialVersionUID = 1L;

    private final OutputTag<FrameRejected> deadLetters;
    private transient Counter badImages;
    private transient Meter faces;
    private transient Meter frames;

    public OutcomeSplitter(OutputTag<FrameRejected> deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public void open(OpenContext context) {
        badImages =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup("dropReason", "image")
                        .counter("framesDropped");
        faces = getRuntimeContext().getMetricGroup().meter("facesPerSecond", new MeterView(10));
        frames =
                getRuntimeContext()
                        .getMetricGroup()
                        .meter("framesAnalysedPerSecond", new MeterView(10));
    }

    @Override
    public void processElement(AnalysisOutcome in, Context ctx, Collector<FrameFaces> out) {
        if (in.rejected != null) {
            badImages.inc();
            ctx.output(deadLetters, in.rejected);
            return;
        }
        frames.markEvent();
        faces.markEvent(in.faces.faces().size());
        out.collect(in.faces);
    }
}
