package io.ferstream.viewer.kafka;

import io.ferstream.schema.ExpressionSummary;
import io.ferstream.schema.LabelDuration;
import io.ferstream.viewer.model.MinuteSummaries.Minute;
import java.util.LinkedHashMap;
import java.util.Map;

/** Avro minute summaries into the plain {@link Minute} the viewer charts. */
public final class MinuteViews {

    /** Labels per minute at most: models have a handful; this only guards the page. */
    private static final int MAX_LABELS = 32;

    private MinuteViews() {}

    public static Minute from(ExpressionSummary s) {
        Map<String, Long> millis = new LinkedHashMap<>();
        for (LabelDuration d : s.getTrackMillis()) {
            if (millis.size() == MAX_LABELS) {
                break;
            }
            millis.put(d.getLabel(), d.getMillis());
        }
        return new Minute(
                s.getWindowStart().toEpochMilli(),
                s.getFacesSeen(),
                s.getTracksStarted(),
                millis,
                s.getDominantExpression());
    }
}
