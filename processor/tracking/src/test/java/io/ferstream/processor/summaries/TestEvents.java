package io.ferstream.processor.summaries;

import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionEventType;
import io.ferstream.schema.FaceBox;
import io.ferstream.schema.ModelInfo;
import java.time.Instant;
import java.util.List;

/** Expression events with only what summaries read filled in meaningfully. */
final class TestEvents {

    static final String CAMERA = "hall";

    private TestEvents() {}

    static ExpressionEvent event(ExpressionEventType type, long trackId, long time, String label) {
        return ExpressionEvent.newBuilder()
                .setEventId(CAMERA + "/" + trackId + "/" + type + "/" + time)
                .setType(type)
                .setCameraId(CAMERA)
                .setTrackId(trackId)
                .setEventTime(Instant.ofEpochMilli(time))
                .setFrameSequence(time / 100)
                .setBox(new FaceBox(0.1f, 0.1f, 0.2f, 0.2f))
                .setDetectionScore(0.9f)
                .setExpression(label)
                .setConfidence(0.8f)
                .setProbabilities(List.of())
                .setRawProbabilities(List.of())
                .setModel(new ModelInfo("test", "1"))
                .setProcessedTime(Instant.ofEpochMilli(time))
                .setCaptureToEmitMillis(0)
                .build();
    }

    static ExpressionEvent started(long trackId, long time, String label) {
        return event(ExpressionEventType.TRACK_STARTED, trackId, time, label);
    }

    static ExpressionEvent changed(long trackId, long time, String label) {
        return event(ExpressionEventType.EXPRESSION_CHANGED, trackId, time, label);
    }

    static ExpressionEvent ended(long trackId, long time, String label) {
        return event(ExpressionEventType.TRACK_ENDED, trackId, time, label);
    }
}
