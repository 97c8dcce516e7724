package io.ferstream.viewer;

import io.ferstream.viewer.image.FrameRenderer;
import io.ferstream.viewer.model.CameraBoard;
import io.ferstream.viewer.model.FrameDelayLine;
import io.ferstream.viewer.model.GateStatus;
import io.ferstream.viewer.model.MinuteSummaries;
import io.ferstream.viewer.model.NormalizedBox;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Everything the viewer holds for one camera. Thread-safe. */
final class CameraView {

    /** A frame as sent to browsers: the re-encoded JPEG and the boxes drawn on it. */
    record Shown(
            long sequence,
            long captureTimeMs,
            FrameRenderer.Rendered rendered,
            boolean covered,
            List<CameraBoard.TrackSnapshot> tracks,
            long shownAtMs) {}

    /**
     * Rendered frames kept so that a browser fetching the image of a frame message finds it: the
     * image is fetched after the message arrives, while the next frame may already be rendered.
     */
    private static final int SHOWN_KEPT = 3;

    /** Minute summaries kept per camera: the last hour. */
    static final int SUMMARY_MINUTES = 60;

    final String cameraId;
    final CameraBoard board;
    final FrameDelayLine delayLine;
    final MinuteSummaries summaries = new MinuteSummaries(SUMMARY_MINUTES);
    final AtomicInteger viewers = new AtomicInteger();
    private volatile GateStatus status;
    private final Deque<Shown> shown = new ArrayDeque<>();
    private long framesReceived;
    private long lastFrameAtMs;
    private long boardVersionSent = -1;

    /** Where the camera's latest frames were read (all of them, not only those kept). */
    private record Position(long sequence, int partition, long offset) {}

    private static final int POSITIONS_KEPT = 512;
    private final Deque<Position> positions = new ArrayDeque<>();

    CameraView(String cameraId, CameraBoard board, FrameDelayLine delayLine) {
        this.cameraId = cameraId;
        this.board = board;
        this.delayLine = delayLine;
    }

    GateStatus status() {
        return status;
    }

    void status(GateStatus status) {
        this.status = status;
    }

    synchronized void frameArrived(long atMs, long sequence, int partition, long offset) {
        framesReceived++;
        lastFrameAtMs = Math.max(lastFrameAtMs, atMs);
        positions.addLast(new Position(sequence, partition, offset));
        while (positions.size() > POSITIONS_KEPT) {
            positions.removeFirst();
        }
    }

    /**
     * Whether the frame with {@code sequence} may be shown with its faces known: the job has
     * processed the camera's frame {@code lookahead} frames later too. A face is confirmed only
     * after a few observations (the job's {@code tracking.min-hits}); until the job has processed
     * those later frames, the face in this frame is not known to the viewer.
     */
    synchronized boolean processedThrough(
            long sequence, int lookahead, java.util.function.BiPredicate<Integer, Long> covered) {
        for (Position p : positions) {
            if (p.sequence() >= sequence + lookahead) {
                return covered.test(p.partition(), p.offset());
            }
        }
        return false;
    }

    synchronized long framesReceived() {
        return framesReceived;
    }

    synchronized long lastFrameAtMs() {
        return lastFrameAtMs;
    }

    synchronized void shown(Shown frame) {
        shown.addLast(frame);
        while (shown.size() > SHOWN_KEPT) {
            shown.removeFirst();
        }
    }

    /** The rendered frame with {@code sequence}, or the latest when sequence is null. */
    synchronized Shown shown(Long sequence) {
        if (sequence == null) {
            return shown.peekLast();
        }
        for (Shown s : shown) {
            if (s.sequence() == sequence) {
                return s;
            }
        }
        return null;
    }

    /** True once per board change: the timelines are sent again when the board moved. */
    synchronized boolean boardChangedSinceSent() {
        long v = board.version();
        if (v == boardVersionSent) {
            return false;
        }
        boardVersionSent = v;
        return true;
    }

    List<NormalizedBox> privacyRegions(double growth) {
        return board.privacyRegions(growth);
    }
}
