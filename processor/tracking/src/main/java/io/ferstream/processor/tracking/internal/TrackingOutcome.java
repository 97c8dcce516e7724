package io.ferstream.processor.tracking.internal;

import io.ferstream.schema.ExpressionEvent;
import java.util.List;

/**
 * What one step of the tracker produced.
 *
 * @param state the camera's state to keep, or null when it has no tracks left (drop it)
 * @param events events to emit, in order
 * @param outOfOrder true when the frame was older than the camera's last one and was ignored
 * @param facesOverCapacity new faces ignored because the camera already had the most tracks
 */
public record TrackingOutcome(
        CameraTrackingState state,
        List<ExpressionEvent> events,
        boolean outOfOrder,
        int facesOverCapacity) {}
