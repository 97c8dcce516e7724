package io.ferstream.analyze;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ferstream.inference.Detection;
import io.ferstream.schema.ExpressionEvent;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes each {@link FrameResult} as one line of JSON, fields in a fixed order (README.md shows
 * one): {@code frame}, {@code timeMs}, {@code image} (images only), {@code width}, {@code height},
 * {@code detected}, {@code looks}, {@code rejected} (refused images only), {@code faces}, and with
 * tracking {@code events}. Boxes are in frame pixels, rounded to 0.01 px; scores and probabilities
 * keep the model's float precision. Not thread-safe.
 */
final class FrameLineWriter implements AutoCloseable {

    private final Writer out;
    private final JsonGenerator json;
    private final List<String> labels;
    private final boolean tracking;

    /**
     * @param labels the classifier's labels, naming the probabilities
     * @param tracking whether faces carry a {@code track} and lines carry {@code events}
     */
    FrameLineWriter(Writer out, List<String> labels, boolean tracking) throws IOException {
        this.out = out;
        this.json = new JsonFactory().createGenerator(out);
        // one writer per output: Jackson must neither close nor flush it behind our back
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        json.setRootValueSeparator(null); // each line ends with our newline, not Jackson's space
        this.labels = List.copyOf(labels);
        this.tracking = tracking;
    }

    void write(FrameResult frame) throws IOException {
        json.writeStartObject();
        json.writeNumberField("frame", frame.index());
        json.writeNumberField("timeMs", frame.positionMillis());
        if (frame.image() != null) {
            json.writeStringField("image", frame.image());
        }
        json.writeNumberField("width", frame.width());
        json.writeNumberField("height", frame.height());
        json.writeBooleanField("detected", frame.detected());
        json.writeNumberField("looks", frame.looks());
        if (frame.rejected() != null) {
            json.writeObjectFieldStart("rejected");
            json.writeStringField("reason", frame.rejected().reason());
            json.writeStringField("message", frame.rejected().message());
            json.writeEndObject();
        }
        json.writeArrayFieldStart("faces");
        for (FaceResult face : frame.faces()) {
            writeFace(face);
        }
        json.writeEndArray();
        if (tracking) {
            json.writeArrayFieldStart("events");
            for (ExpressionEvent event : frame.events()) {
                writeEvent(event);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
        json.flush();
        out.write('\n');
    }

    private void writeFace(FaceResult face) throws IOException {
        Detection box = face.detection();
        json.writeStartObject();
        json.writeObjectFieldStart("box");
        json.writeNumberField("x", pixels(box.x()));
        json.writeNumberField("y", pixels(box.y()));
        json.writeNumberField("width", pixels(box.width()));
        json.writeNumberField("height", pixels(box.height()));
        json.writeEndObject();
        json.writeNumberField("score", (float) box.score());
        if (tracking) {
            json.writeFieldName("track");
            if (face.track() == null) {
                json.writeNull();
            } else {
                json.writeNumber(face.track());
            }
        }
        json.writeStringField("label", face.label());
        json.writeFieldName("probability");
        if (face.probability() == null) {
            json.writeNull();
        } else {
            json.writeNumber(face.probability());
        }
        json.writeFieldName("probabilities");
        if (face.probabilities() == null) {
            json.writeNull();
        } else {
            json.writeStartObject();
            for (int i = 0; i < labels.size(); i++) {
                json.writeNumberField(labels.get(i), face.probabilities()[i]);
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private void writeEvent(ExpressionEvent event) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", event.getType().name());
        json.writeNumberField("track", event.getTrackId());
        json.writeStringField("expression", event.getExpression());
        json.writeNumberField("confidence", event.getConfidence());
        json.writeEndObject();
    }

    private static double pixels(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** Flushes the lines; the writer itself belongs to the caller. */
    @Override
    public void close() throws IOException {
        json.close();
        out.flush();
    }
}
