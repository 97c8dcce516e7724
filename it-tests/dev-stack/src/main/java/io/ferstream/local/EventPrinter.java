package io.ferstream.local;

import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionSummary;
import io.ferstream.schema.FrameRejected;
import io.ferstream.schema.LabelShare;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;

/** One readable line per event, minute summary or dead letter, for the local run's console. */
final class EventPrinter {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private EventPrinter() {}

    static String line(Object value) {
        if (value instanceof FrameRejected r) {
            return String.format(
                    "  %s  DEAD LETTER     %-8s %s: %s (%s-%d@%d)",
                    TIME.format(r.getRejectedAt()),
                    r.getCameraId(),
                    r.getReason(),
                    r.getMessage(),
                    r.getSourceTopic(),
                    r.getSourcePartition(),
                    r.getSourceOffset());
        }
        if (value instanceof ExpressionSummary s) {
            return String.format(
                    "  %s  MINUTE SUMMARY  %-8s %d faces, %d started, dominant %s [%s]",
                    TIME.format(s.getWindowStart()),
                    s.getCameraId(),
                    s.getFacesSeen(),
                    s.getTracksStarted(),
                    s.getDominantExpression(),
                    s.getTrackMillis().stream()
                            .map(
                                    d ->
                                            String.format(
                                                    "%s %.1f s",
                                                    d.getLabel(), d.getMillis() / 1000.0))
                            .collect(Collectors.joining(", ")));
        }
        ExpressionEvent e = (ExpressionEvent) value;
        String detail =
                e.getSummary() == null
                        ? String.format(
                                "box %.2f,%.2f %.2fx%.2f",
                                e.getBox().getX(),
                                e.getBox().getY(),
                                e.getBox().getWidth(),
                                e.getBox().getHeight())
                        : String.format(
                                "%.1f s, %d frames, dominant %s [%s]",
                                e.getSummary().getDurationMillis() / 1000.0,
                                e.getSummary().getObservations(),
                                e.getSummary().getDominantExpression(),
                                e.getSummary().getExpressionShare().stream()
                                        .filter(s -> s.getShare() > 0)
                                        .map(EventPrinter::share)
                                        .collect(Collectors.joining(", ")));
        return String.format(
                "  %s  %-18s %-8s track %-17d %-9s %.2f  %s  (latency %d ms)",
                TIME.format(e.getEventTime()),
                e.getType(),
                e.getCameraId(),
                e.getTrackId(),
                e.getExpression(),
                e.getConfidence(),
                detail,
                e.getCaptureToEmitMillis());
    }

    private static String share(LabelShare s) {
        return String.format("%s %.0f%%", s.getLabel(), s.getShare() * 100);
    }
}
