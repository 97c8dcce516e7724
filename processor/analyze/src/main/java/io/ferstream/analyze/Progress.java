package io.ferstream.analyze;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Shows how far a run is, on standard error (standard output may carry the JSON lines): a bar
 * redrawn in place when standard error is a terminal, otherwise a plain line every {@value
 * #LINE_PERIOD_SECONDS} s, which logs and CI keep readable. Never image content: counts only.
 */
final class Progress {

    /** How the progress shows. */
    enum Mode {
        BAR,
        LINES,
        OFF
    }

    static final int LINE_PERIOD_SECONDS = 10;
    private static final long BAR_PERIOD_NANOS = 200_000_000L; // redraws a human can follow
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final Mode mode;
    private final long durationMillis;
    private final long startNanos = System.nanoTime();
    private long lastShownNanos = startNanos;
    private boolean shown;

    /**
     * @param durationMillis the source's length, for the percentage; 0 if unknown
     */
    Progress(PrintWriter err, Mode mode, long durationMillis) {
        this.err = err;
        this.mode = mode;
        this.durationMillis = durationMillis;
    }

    /** The bar where standard error is a terminal, lines elsewhere, or nothing when disabled. */
    static Mode modeFor(boolean enabled) {
        if (!enabled) {
            return Mode.OFF;
        }
        return stderrIsTerminal() ? Mode.BAR : Mode.LINES;
    }

    // Java says whether stdin and stdout are a console, not stderr: ask Linux what fd 2 is.
    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return System.console() != null;
        }
    }

    /** After each frame: redraws or prints when it is time. */
    void update(long frames, long positionMillis, long faces) {
        long now = System.nanoTime();
        long period = mode == Mode.BAR ? BAR_PERIOD_NANOS : LINE_PERIOD_SECONDS * 1_000_000_000L;
        if (mode == Mode.OFF || now - lastShownNanos < period) {
            return;
        }
        lastShownNanos = now;
        double fps = frames / ((now - startNanos) / 1e9);
        if (mode == Mode.BAR) {
            err.print("\r" + bar(frames, positionMillis, durationMillis, fps, faces));
            shown = true;
        } else {
            err.println(line(frames, positionMillis, durationMillis, fps, faces));
        }
        err.flush();
    }

    /** Ends the bar's line, so that the summary starts on its own. */
    void finish() {
        if (shown) {
            err.println();
            err.flush();
            shown = false;
        }
    }

    static String bar(
            long frames, long positionMillis, long durationMillis, double fps, long faces) {
        StringBuilder s = new StringBuilder("[");
        double done = fraction(positionMillis, durationMillis);
        int filled = done < 0 ? 0 : (int) Math.round(done * BAR_WIDTH);
        s.append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
        // trailing blanks wipe what a longer line before left on the terminal
        return s.append(line(frames, positionMillis, durationMillis, fps, faces))
                .append("   ")
                .toString();
    }

    static String line(
            long frames, long positionMillis, long durationMillis, double fps, long faces) {
        double done = fraction(positionMillis, durationMillis);
        String percent = done < 0 ? "" : String.format(Locale.ROOT, "%3.0f%%, ", done * 100);
        return String.format(
                Locale.ROOT,
                "%s%d frames at %.1f s of the source, %.1f frames/s, %d faces",
                percent,
                frames,
                positionMillis / 1000.0,
                fps,
                faces);
    }

    // How far through the source; -1 when its length is unknown.
    private static double fraction(long positionMillis, long durationMillis) {
        if (durationMillis <= 0) {
            return -1;
        }
        return Math.min(1, Math.max(0, (double) positionMillis / durationMillis));
    }
}
