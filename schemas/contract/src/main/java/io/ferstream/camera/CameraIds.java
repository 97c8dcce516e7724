package io.ferstream.camera;

/**
 * What a camera id may be, the same at the gate and in the job. A camera id becomes a Kafka key, a
 * state key, a metric label, a log word and a path in the gate's HTTP API, so it is a short name of
 * plain characters: 1 to {@value #MAX_LENGTH} of ASCII letters, digits, {@code . _ - :}, starting
 * with a letter or digit. Anything else (5,000 characters, newlines, quotes, NUL, spaces,
 * non-ASCII) is refused with {@code INVALID_CAMERA_ID}, before any state or metric is made for it.
 */
public final class CameraIds {

    /** The longest camera id. */
    public static final int MAX_LENGTH = 128;

    /** How much of a refused id a message shows, escaped. */
    private static final int SHOWN = 40;

    private CameraIds() {}

    public static boolean isValid(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_LENGTH && allowedCharacters(id);
    }

    /**
     * Why {@code id} is refused, in a sentence safe to log and to put in a dead letter (the id is
     * shown escaped and cut short); null when it is valid.
     */
    public static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "the camera id is empty";
        }
        if (id.length() > MAX_LENGTH) {
            return "the camera id "
                    + quoted(id)
                    + " has "
                    + id.length()
                    + " characters, more than "
                    + MAX_LENGTH;
        }
        if (!allowedCharacters(id)) {
            return "the camera id "
                    + quoted(id)
                    + " may only hold ASCII letters, digits, '.', '_', '-' and ':', and start"
                    + " with a letter or digit";
        }
        return null;
    }

    /**
     * {@code [A-Za-z0-9][A-Za-z0-9._:-]*}, checked character by character: every frame's id passes
     * here, in the gate and in the job.
     */
    private static boolean allowedCharacters(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean alphanumeric =
                    c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!alphanumeric && (i == 0 || c != '.' && c != '_' && c != ':' && c != '-')) {
                return false;
            }
        }
        return true;
    }

    /** The id in quotes, characters outside printable ASCII escaped, cut at {@value #SHOWN}. */
    public static String quoted(String id) {
        StringBuilder out = new StringBuilder("'");
        int end = Math.min(id.length(), SHOWN);
        for (int i = 0; i < end; i++) {
            char c = id.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append(id.length() > SHOWN ? "'..." : "'").toString();
    }
}
