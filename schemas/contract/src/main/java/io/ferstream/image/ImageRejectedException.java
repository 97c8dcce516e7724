package io.ferstream.image;

import io.ferstream.schema.RejectReason;
import java.util.Objects;

/**
 * An image that is refused, with the dead-letter reason it becomes ({@code BAD_IMAGE}, {@code
 * UNSUPPORTED_ENCODING}, {@code IMAGE_TOO_LARGE}, {@code DIMENSIONS_MISMATCH}) and a message for
 * people. The message never holds image bytes.
 */
public final class ImageRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public ImageRejectedException(RejectReason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ImageRejectedException(RejectReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public RejectReason reason() {
        return reason;
    }
}
