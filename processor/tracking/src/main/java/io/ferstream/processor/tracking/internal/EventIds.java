package io.ferstream.processor.tracking.internal;

import io.ferstream.schema.ExpressionEventType;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic event ids: a name-based (version 3) UUID over a canonical string of camera, track,
 * event type and frame sequence. A replay of the same input yields the same ids, so consumers can
 * de-duplicate. The camera id is length-prefixed so no camera id can forge another's string.
 */
public final class EventIds {

    private static final String NAMESPACE = "ferstream/expression-event/v1";

    private EventIds() {}

    public static String eventId(
            String cameraId, long trackId, ExpressionEventType type, long frameSequence) {
        String canonical =
                NAMESPACE
                        + '|'
                        + cameraId.length()
                        + ':'
                        + cameraId
                        + '|'
                        + trackId
                        + '|'
                        + type.name()
                        + '|'
                        + frameSequence;
        return UUID.nameUUIDFromBytes(canonical.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
