package io.ferstream.processor.functions;

import io.ferstream.schema.ExpressionEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/** Records what operators watch on the way out: events by type and capture-to-emit latency. */
public final class EventMetricsFunction extends RichMapFunction<ExpressionEvent, ExpressionEvent> {

    private static final long serialVersionUID = 1L;
    private static final int LATENCY_WINDOW = 1024;

    private transient Histogram captureToEmit;
    private transient Counter events;

    @Override
    public void open(OpenContext context) {
        captureToEmit =
                getRuntimeContext()
                        .getMetricGroup()
                        .histogram(
                                "captureToEmitMillis",
                                new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
        events = getRuntimeContext().getMetricGroup().counter("eventsOut");
    }

    @Override
    public ExpressionEvent map(ExpressionEvent event) {
        events.inc();
        captureToEmit.update(event.getCaptureToEmitMillis());
        return event;
    }
}
