package io.ferstream.analyze;

import java.time.Duration;
import java.util.Locale;

/**
 * Counts over a run, for the closing report: frames, what the detector cost, faces and their widths
 * (the figures to choose {@code detection.min-face-px} and {@code quality.min-face-px} by). Not
 * thread-safe.
 */
final class Summary {

    /**
     * Lower edges of the face-width bins after the first, in frame pixels: 16 is the smallest face
     * tiling can be asked for, 24 the default {@code quality.min-face-px}; the rest double about
     * every second bin, as face sizes spread over a scene.
     */
    static final int[] WIDTH_EDGES = {16, 24, 32, 48, 64, 96, 128, 256};

    private long frames;
    private long refused;
    private long detected;
    private long looks;
    private long faces;
    private long unknown;
    private final long[] byWidth = new long[WIDTH_EDGES.length + 1];

    void add(FrameResult frame) {
        frames++;
        if (frame.rejected() != null) {
            refused++;
            return;
        }
        if (frame.detected()) {
            detected++;
            looks += frame.looks();
        }
        for (FaceResult face : frame.faces()) {
            faces++;
            if (!face.judged()) {
                unknown++;
            }
            byWidth[bin(face.detection().width())]++;
        }
    }

    static int bin(double widthPx) {
        int bin = 0;
        while (bin < WIDTH_EDGES.length && widthPx >= WIDTH_EDGES[bin]) {
            bin++;
        }
        return bin;
    }

    /** The bin's range as text: {@code <16 px}, {@code 16-23 px}, ..., {@code >=256 px}. */
    static String binName(int bin) {
        if (bin == 0) {
            return "<" + WIDTH_EDGES[0] + " px";
        }
        if (bin == WIDTH_EDGES.length) {
            return ">=" + WIDTH_EDGES[bin - 1] + " px";
        }
        return WIDTH_EDGES[bin - 1] + "-" + (WIDTH_EDGES[bin] - 1) + " px";
    }

    long frames() {
        return frames;
    }

    long faces() {
        return faces;
    }

    long facesInBin(int bin) {
        return byWidth[bin];
    }

    /** Frames analysed (not refused). */
    long analysed() {
        return frames - refused;
    }

    /** Detector inputs per analysed frame: what the detection settings cost. */
    double looksPerFrame() {
        return analysed() == 0 ? 0 : (double) looks / analysed();
    }

    /** Tracks begun and confirmed in a run. */
    record TrackCount(long begun, long confirmed) {}

    /**
     * The closing report, a few lines of text.
     *
     * @param tracks the run's tracks, or null when tracking was off
     */
    String report(Duration elapsed, TrackCount tracks) {
        double seconds = elapsed.toNanos() / 1e9;
        StringBuilder s = new StringBuilder();
        s.append(
                format(
                        "frames    %d (%d refused) in %.1f s: %.1f frames/s%n",
                        frames, refused, seconds, seconds > 0 ? frames / seconds : 0));
        s.append(
                format(
                        "detector  ran on %d of %d frames, %.2f looks per frame (%.2f per"
                                + " detected frame)%n",
                        detected,
                        analysed(),
                        looksPerFrame(),
                        detected == 0 ? 0 : (double) looks / detected));
        s.append(
                format(
                        "faces     %d, %.2f per frame; %d unknown (too small or doubtful to"
                                + " judge)%n",
                        faces, analysed() == 0 ? 0 : (double) faces / analysed(), unknown));
        s.append("by width ");
        for (int bin = 0; bin < byWidth.length; bin++) {
            s.append(bin == 0 ? " " : " | ").append(binName(bin)).append(": ").append(byWidth[bin]);
        }
        s.append(System.lineSeparator());
        if (tracks != null) {
            s.append(
                    format(
                            "tracks    %d begun, %d confirmed%n",
                            tracks.begun(), tracks.confirmed()));
        }
        return s.toString();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
