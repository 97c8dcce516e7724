package io.ferstream.analyze;

import io.ferstream.schema.ExpressionEvent;
import java.util.List;

/**
 * What {@code analyze} found in one frame: one line of its output.
 *
 * @param index the frame's sequence number, from 0, after sampling
 * @param positionMillis where the frame lies in the source: its timestamp in a video, {@code index
 *     * image-interval} for images
 * @param image the image file the frame came from; null for a video
 * @param width frame width in pixels, after the camera's resizing
 * @param height frame height in pixels
 * @param detected whether the detector ran; if not, faces were classified at predicted boxes
 * @param looks how many detector inputs the frame took (tiles and regions); 0 when not detected
 * @param rejected why the job would refuse the frame's image, or null
 * @param faces the faces found, in the detector's order
 * @param events the tracker's events on this frame; empty when tracking is off
 */
record FrameResult(
        long index,
        long positionMillis,
        String image,
        int width,
        int height,
        boolean detected,
        int looks,
        Rejection rejected,
        List<FaceResult> faces,
        List<ExpressionEvent> events) {

    /** Why a frame's image was refused, as the job's dead letter would say. */
    record Rejection(String reason, String message) {}

    FrameResult {
        faces = List.copyOf(faces);
        events = List.copyOf(events);
    }
}
