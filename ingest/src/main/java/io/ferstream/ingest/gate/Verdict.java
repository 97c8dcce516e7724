package io.ferstream.ingest.gate;

import io.ferstream.schema.RejectReason;
import java.util.Objects;

/**
 * The gate's decision about one frame: accepted, or rejected with a reason code and a message for
 * operators (never image bytes).
 */
public record Verdict(RejectReason reason, String message) {

    private static final Verdict ACCEPTED = new Verdict(null, "accepted");

    public Verdict {
        Objects.requireNonNull(message, "message");
    }

    public static Verdict accept() {
        return ACCEPTED;
    }

    public static Verdict reject(RejectReason reason, String message) {
        return new Verdict(Objects.requireNonNull(reason, "reason"), message);
    }

    public boolean accepted() {
        return reason == null;
    }
}
