package io.ferstream.processor.tracking.internal;

import io.ferstream.processor.tracking.FaceQuality;
import io.ferstream.processor.tracking.ProcessingClock;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionEventType;
import io.ferstream.schema.FaceBox;
import io.ferstream.schema.LabelProbability;
import io.ferstream.schema.LabelShare;
import io.ferstream.schema.ModelInfo;
import io.ferstream.schema.TrackSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds the Avro {@link ExpressionEvent}s that describe a track's state. */
public final class ExpressionEvents {

    private final ProcessingClock clock;

    public ExpressionEvents(ProcessingClock clock) {
        this.clock = clock;
    }

    /**
     * An event about {@code track} as of its latest observation (for all types the latest
     * observation is the frame that caused the event, or for TRACK_ENDED the track's last one).
     */
    public ExpressionEvent of(
            ExpressionEventType type,
            String cameraId,
            CameraTrackingState camera,
            TrackState track) {
        long eventTime = track.lastSeenMillis;
        long processed = clock.currentTimeMillis();
        String[] labels = camera.labels;
        return ExpressionEvent.newBuilder()
                .setEventId(
                        EventIds.eventId(cameraId, track.trackId, type, track.lastFrameSequence))
                .setType(type)
                .setCameraId(cameraId)
                .setTrackId(track.trackId)
                .setEventTime(Instant.ofEpochMilli(eventTime))
                .setFrameSequence(track.lastFrameSequence)
                .setBox(normalisedBox(track))
                .setDetectionScore(track.detectionScore)
                .setExpression(expression(labels, track.currentLabel))
                .setConfidence(
                        track.smoothed == null ? 0f : (float) track.smoothed[track.currentLabel])
                .setProbabilities(
                        probabilities(
                                labels,
                                track.smoothed == null
                                        ? new double[labels.length]
                                        : track.smoothed))
                .setRawProbabilities(rawProbabilities(labels, track.rawProbabilities))
                .setModel(new ModelInfo(camera.modelName, camera.modelVersion))
                .setSummary(type == ExpressionEventType.TRACK_ENDED ? summary(labels, track) : null)
                .setProcessedTime(Instant.ofEpochMilli(processed))
                .setCaptureToEmitMillis(processed - eventTime)
                .build();
    }

    private static String expression(String[] labels, int label) {
        return label == TrackState.UNKNOWN ? FaceQuality.UNKNOWN : labels[label];
    }

    /**
     * Summary over the whole track (first to last observation, matching its start and end times):
     * each label's share of the time it was the current expression (the time its expression was
     * unknown counts for no label). A track seen at one instant only gives its current label the
     * whole share; a track never judged is dominated by {@link FaceQuality#UNKNOWN}.
     */
    static TrackSummary summary(String[] labels, TrackState track) {
        long duration = track.lastSeenMillis - track.firstSeenMillis;
        List<LabelShare> shares = new ArrayList<>(labels.length);
        for (int i = 0; i < labels.length; i++) {
            float share =
                    duration > 0
                            ? (float) ((double) track.millisPerLabel[i] / duration)
                            : (i == track.currentLabel ? 1f : 0f);
            shares.add(new LabelShare(labels[i], share));
        }
        int dominant = track.currentLabel;
        if (duration > 0) {
            // Longest time wins; on a tie the lower label index, so replays agree.
            dominant = TrackState.UNKNOWN;
            long longest = 0;
            for (int i = 0; i < labels.length; i++) {
                if (track.millisPerLabel[i] > longest) {
                    dominant = i;
                    longest = track.millisPerLabel[i];
                }
            }
            if (dominant == TrackState.UNKNOWN) {
                dominant = track.currentLabel; // judged in the last instant only, or never
            }
        }
        return TrackSummary.newBuilder()
                .setStartTime(Instant.ofEpochMilli(track.firstSeenMillis))
                .setEndTime(Instant.ofEpochMilli(track.lastSeenMillis))
                .setDurationMillis(duration)
                .setObservations(track.observations)
                .setDominantExpression(expression(labels, dominant))
                .setExpressionShare(shares)
                .build();
    }

    /** Box as fractions of the frame, clipped to it (detectors may reach past the edge). */
    static FaceBox normalisedBox(TrackState track) {
        double left = clamp01((double) track.x / track.frameWidth);
        double top = clamp01((double) track.y / track.frameHeight);
        double right = clamp01(((double) track.x + track.width) / track.frameWidth);
        double bottom = clamp01(((double) track.y + track.height) / track.frameHeight);
        return new FaceBox(
                (float) left, (float) top, (float) (right - left), (float) (bottom - top));
    }

    private static double clamp01(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }

    private static List<LabelProbability> probabilities(String[] labels, double[] values) {
        List<LabelProbability> list = new ArrayList<>(labels.length);
        for (int i = 0; i < labels.length; i++) {
            list.add(new LabelProbability(labels[i], (float) values[i]));
        }
        return list;
    }

    private static List<LabelProbability> rawProbabilities(String[] labels, float[] values) {
        List<LabelProbability> list = new ArrayList<>(labels.length);
        for (int i = 0; i < labels.length; i++) {
            list.add(new LabelProbability(labels[i], values[i]));
        }
        return list;
    }
}
