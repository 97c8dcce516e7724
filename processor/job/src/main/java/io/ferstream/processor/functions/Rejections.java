package io.ferstream.processor.functions;

import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.FrameRejected;
import io.ferstream.schema.RejectReason;
import java.time.Instant;

/**
 * Builds dead letters. A dead letter names the reason, the coordinates of the source record and
 * what could be read of the frame, and never any image bytes.
 */
public final class Rejections {

    /** Component name written into {@code rejectedBy}. */
    public static final String PROCESSOR = "processor";

    private Rejections() {}

    /**
     * A record that could not be read as a frame at all: only its key and coordinates are known.
     */
    public static FrameRejected unreadable(
            RejectReason reason,
            String message,
            String cameraId,
            String topic,
            int partition,
            long offset,
            Instant now) {
        return FrameRejected.newBuilder()
                .setReason(reason)
                .setMessage(message)
                .setCameraId(cameraId)
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setRejectedBy(PROCESSOR)
                .setRejectedAt(now)
                .build();
    }

    /** A decoded frame whose image could not be used: also names the frame. */
    public static FrameRejected of(
            CameraFrame frame,
            RejectReason reason,
            String message,
            String topic,
            int partition,
            long offset,
            Instant now) {
        FrameRejected rejected =
                unreadable(reason, message, frame.getCameraId(), topic, partition, offset, now);
        rejected.setFrameSequence(frame.getSequence());
        rejected.setCaptureTime(frame.getCaptureTime());
        return rejected;
    }
}
