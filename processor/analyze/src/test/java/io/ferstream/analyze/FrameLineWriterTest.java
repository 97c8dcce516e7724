package io.ferstream.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.inference.Detection;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionEventType;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameLineWriterTest {

    private static final List<String> LABELS = List.of("neutral", "happy", "sad");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final FaceResult JUDGED =
            new FaceResult(
                    new Detection(141.14517, 116.29263, 232.90198, 221.13043, 0.95625f),
                    7L,
                    "neutral",
                    0.9f,
                    new float[] {0.9f, 0.07f, 0.03f});
    private static final FaceResult TOO_SMALL =
            new FaceResult(new Detection(10, 20, 12, 14, 0.8), null, "unknown", null, null);

    private static String write(boolean tracking, FrameResult... frames) throws Exception {
        StringWriter out = new StringWriter();
        try (FrameLineWriter writer = new FrameLineWriter(out, LABELS, tracking)) {
            for (FrameResult frame : frames) {
                writer.write(frame);
            }
        }
        return out.toString();
    }

    private static FrameResult frame(
            long index, List<FaceResult> faces, List<ExpressionEvent> events) {
        return new FrameResult(index, index * 100, null, 512, 384, true, 1, null, faces, events);
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void shouldWriteOneLinePerFrameWithItsFieldsInOrder() throws Exception {
        String text =
                write(false, frame(0, List.of(JUDGED), List.of()), frame(1, List.of(), List.of()));

        String[] lines = text.split("\n", -1);
        assertEquals(3, lines.length, "two lines, each ending with a newline");
        assertEquals("", lines[2]);
        JsonNode first = JSON.readTree(lines[0]);
        assertEquals(
                List.of("frame", "timeMs", "width", "height", "detected", "looks", "faces"),
                fields(first));
        JsonNode face = first.get("faces").get(0);
        assertEquals(
                List.of("box", "score", "label", "probability", "probabilities"), fields(face));
        assertEquals(141.15, face.get("box").get("x").asDouble(), 1e-9, "rounded to 0.01 px");
        assertEquals(221.13, face.get("box").get("height").asDouble(), 1e-9);
        assertEquals(0.95625, face.get("score").asDouble(), 1e-6);
        assertEquals("neutral", face.get("label").asText());
        assertEquals(List.of("neutral", "happy", "sad"), fields(face.get("probabilities")));
        assertEquals(0.07, face.get("probabilities").get("happy").asDouble(), 1e-6);
        assertEquals(1, JSON.readTree(lines[1]).get("frame").asLong());
    }

    @Test
    void shouldReportAFaceTooSmallToJudgeAsUnknownWithoutProbabilities() throws Exception {
        JsonNode face =
                JSON.readTree(write(false, frame(0, List.of(TOO_SMALL), List.of())))
                        .get("faces")
                        .get(0);

        assertEquals("unknown", face.get("label").asText());
        assertTrue(face.get("probability").isNull());
        assertTrue(face.get("probabilities").isNull());
    }

    @Test
    void shouldAddTracksAndEventsOnlyWhenTracking() throws Exception {
        ExpressionEvent started =
                ExpressionEvent.newBuilder()
                        .setEventId("e")
                        .setType(ExpressionEventType.TRACK_STARTED)
                        .setCameraId("analyze")
                        .setTrackId(7)
                        .setEventTime(java.time.Instant.EPOCH)
                        .setFrameSequence(0)
                        .setBox(new io.ferstream.schema.FaceBox(0.1f, 0.1f, 0.2f, 0.2f))
                        .setDetectionScore(0.9f)
                        .setExpression("neutral")
                        .setConfidence(0.85f)
                        .setProbabilities(List.of())
                        .setRawProbabilities(List.of())
                        .setModel(new io.ferstream.schema.ModelInfo("m", "1"))
                        .setProcessedTime(java.time.Instant.EPOCH)
                        .setCaptureToEmitMillis(0)
                        .build();
        FrameResult frame = frame(3, List.of(JUDGED, TOO_SMALL), List.of(started));

        JsonNode tracked = JSON.readTree(write(true, frame));
        JsonNode untracked = JSON.readTree(write(false, frame));

        assertEquals(7, tracked.get("faces").get(0).get("track").asLong());
        assertTrue(tracked.get("faces").get(1).get("track").isNull(), "a face without a track");
        JsonNode event = tracked.get("events").get(0);
        assertEquals("TRACK_STARTED", event.get("type").asText());
        assertEquals(7, event.get("track").asLong());
        assertEquals("neutral", event.get("expression").asText());
        assertEquals(0.85, event.get("confidence").asDouble(), 1e-6);
        assertFalse(untracked.has("events"));
        assertFalse(untracked.get("faces").get(0).has("track"));
    }

    @Test
    void shouldNameTheImageAndTheReasonOfARefusedFrame() throws Exception {
        FrameResult refused =
                new FrameResult(
                        4,
                        4000,
                        "photos/big.jpg",
                        5000,
                        3000,
                        false,
                        0,
                        new FrameResult.Rejection("IMAGE_TOO_LARGE", "5000x3000 is over 3840x2160"),
                        List.of(),
                        List.of());

        JsonNode line = JSON.readTree(write(false, refused));

        assertEquals("photos/big.jpg", line.get("image").asText());
        assertEquals("IMAGE_TOO_LARGE", line.get("rejected").get("reason").asText());
        assertEquals(0, line.get("faces").size());
    }
}
