package io.ferstream.viewer.kafka;

import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.FaceBox;
import io.ferstream.schema.LabelProbability;
import io.ferstream.schema.LabelShare;
import io.ferstream.schema.TrackSummary;
import io.ferstream.viewer.model.EventView;
import io.ferstream.viewer.model.NormalizedBox;
import io.ferstream.viewer.model.TrackView;
import java.util.LinkedHashMap;
import java.util.Map;

/** Avro events into the plain {@link EventView} the viewer's logic works on. */
public final class EventViews {

    /** Labels per distribution at most: models have a handful; this only guards the page. */
    private static final int MAX_LABELS = 32;

    private EventViews() {}

    public static EventView from(ExpressionEvent e, long receivedAtMs) {
        FaceBox b = e.getBox();
        NormalizedBox box =
                b == null
                        ? null
                        : new NormalizedBox(b.getX(), b.getY(), b.getWidth(), b.getHeight());
        Map<String, Double> probabilities = new LinkedHashMap<>();
        if (e.getProbabilities() != null) {
            for (LabelProbability p : e.getProbabilities()) {
                if (probabilities.size() == MAX_LABELS) {
                    break;
                }
                probabilities.put(p.getLabel(), (double) p.getProbability());
            }
        }
        TrackView.Summary summary = null;
        TrackSummary s = e.getSummary();
        if (s != null) {
            Map<String, Double> share = new LinkedHashMap<>();
            for (LabelShare l : s.getExpressionShare()) {
                if (share.size() == MAX_LABELS) {
                    break;
                }
                share.put(l.getLabel(), (double) l.getShare());
            }
            summary =
                    new TrackView.Summary(
                            s.getDurationMillis(),
                            s.getObservations(),
                            s.getDominantExpression(),
                            share);
        }
        return new EventView(
                e.getEventId(),
                e.getType() == null ? "UNKNOWN" : e.getType().name(),
                e.getCameraId(),
                e.getTrackId(),
                e.getEventTime() == null ? 0 : e.getEventTime().toEpochMilli(),
                e.getFrameSequence(),
                box,
                e.getExpression(),
                e.getConfidence(),
                probabilities,
                summary,
                receivedAtMs);
    }
}
