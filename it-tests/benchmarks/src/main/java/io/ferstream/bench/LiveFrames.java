package io.ferstream.bench;

import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ImageEncoding;
import java.nio.ByteBuffer;
import java.time.Instant;

/** What each camera sends in a live run: its frame number {@code sequence}, captured now. */
interface LiveFrames {

    CameraFrame frame(int camera, long sequence, Instant captureTime);

    /** Frame {@code sequence} of camera {@code camera}: a JPEG as a camera sends it. */
    static CameraFrame jpeg(
            int camera, long sequence, Instant captureTime, byte[] jpeg, int width, int height) {
        return CameraFrame.newBuilder()
                .setCameraId(BenchWorkload.cameraId(camera))
                .setSequence(sequence)
                .setCaptureTime(captureTime)
                .setWidth(width)
                .setHeight(height)
                .setEncoding(ImageEncoding.JPEG)
                .setImage(ByteBuffer.wrap(jpeg))
                .build();
    }
}
