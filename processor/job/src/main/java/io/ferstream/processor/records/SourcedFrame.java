package io.ferstream.processor.records;

import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.FrameRejected;

/**
 * What the Kafka source emits for one record of {@code frames}: the decoded frame with the
 * coordinates it was read from, or, for a record that could not be decoded, its dead letter.
 * Exactly one of {@code frame} and {@code rejected} is set. The coordinates travel with the frame
 * so that a frame rejected later (a bad image, say) still names where it came from.
 *
 * <p>A mutable POJO rather than a Java record: Flink's POJO serializer handles the null branch and
 * the Avro fields (through flink-avro) without Kryo.
 */
public class SourcedFrame {
    public CameraFrame frame;
    public FrameRejected rejected;
    public String topic;
    public int partition;
    public long offset;

    /**
     * The record's Kafka timestamp: when the frame entered Kafka (the broker's append time on
     * frames.raw, which the gate keeps). Freshness is judged against it, never against the clock.
     */
    public long recordTimestamp;

    public SourcedFrame() {}

    public static SourcedFrame frame(
            CameraFrame frame, String topic, int partition, long offset, long recordTimestamp) {
        SourcedFrame s = new SourcedFrame();
        s.frame = frame;
        s.topic = topic;
        s.partition = partition;
        s.offset = offset;
        s.recordTimestamp = recordTimestamp;
        return s;
    }

    public static SourcedFrame rejected(FrameRejected rejected) {
        SourcedFrame s = new SourcedFrame();
        s.rejected = rejected;
        s.topic = rejected.getSourceTopic();
        s.partition = rejected.getSourcePartition();
        s.offset = rejected.getSourceOffset();
        return s;
    }

    public boolean isRejected() {
        return rejected != null;
    }

    @Override
    public String toString() { // never the image bytes
        return isRejected()
                ? "SourcedFrame{rejected "
                        + rejected.getReason()
                        + " at "
                        + topic
                        + "-"
                        + partition
                        + "@"
                        + offset
                        + "}"
                : "SourcedFrame{"
                        + frame.getCameraId()
                        + "#"
                        + frame.getSequence()
                        + " at "
                        + topic
                        + "-"
                        + partition
                        + "@"
                        + offset
                        + "}";
    }
}
