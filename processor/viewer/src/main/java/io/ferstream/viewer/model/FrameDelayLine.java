package io.ferstream.viewer.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;

/**
 * The few most recent frames of one camera, held back until the job has processed them. Events
 * reach {@code read_committed} consumers only when the job's checkpoint commits them, seconds after
 * the frame they describe; a frame shown as soon as it arrives would show a new face before its box
 * is known, unblurred. So a frame waits until it is <em>covered</em>: the job has committed its
 * offset, so the events made from it (and from the next frames) are at hand. A frame that waits
 * longer than {@code maxWaitMs} (the job is down or far behind) is handed out uncovered, and the
 * caller shows it fully blurred.
 *
 * <p>Frames arriving faster than the display rate are skipped on arrival, and the line holds at
 * most {@code maxFrames} frames and {@code maxBytes} of JPEG: when it must drop, it drops the
 * oldest. Only encoded bytes are held, never decoded pixels; no frame is written anywhere.
 * Thread-safe.
 */
public final class FrameDelayLine {

    /** A frame as it came from Kafka: the camera's JPEG, untouched, and where it was read. */
    public record BufferedFrame(
            long sequence,
            long captureTimeMs,
            long arrivedAtMs,
            int width,
            int height,
            int partition,
            long offset,
            byte[] jpeg) {}

    /** A frame to show, and whether the job had processed it. */
    public record Due(BufferedFrame frame, boolean covered) {}

    /** How long frames may wait, how often one is kept, and how much may wait. */
    public record Limits(long maxWaitMs, long minIntervalMs, int maxFrames, long maxBytes) {
        public Limits {
            if (maxWaitMs < 0 || minIntervalMs < 0 || maxFrames < 1 || maxBytes < 1) {
                throw new IllegalArgumentException(
                        "wait and interval must be >= 0, frames and bytes >= 1: " + this);
            }
        }
    }

    private final Limits limits;
    private final Deque<BufferedFrame> frames = new ArrayDeque<>();
    private long bytes;
    private long lastKeptArrivalMs = Long.MIN_VALUE;
    private long dropped;

    public FrameDelayLine(Limits limits) {
        this.limits = limits;
    }

    /** Keeps {@code frame} unless one was kept less than the display interval ago. */
    public synchronized boolean offer(BufferedFrame frame) {
        if (lastKeptArrivalMs != Long.MIN_VALUE
                && frame.arrivedAtMs() - lastKeptArrivalMs < limits.minIntervalMs()
                && frame.arrivedAtMs() >= lastKeptArrivalMs) {
            return false;
        }
        lastKeptArrivalMs = frame.arrivedAtMs();
        frames.addLast(frame);
        bytes += frame.jpeg().length;
        while (frames.size() > limits.maxFrames() || bytes > limits.maxBytes()) {
            bytes -= frames.removeFirst().jpeg().length;
            dropped++;
        }
        return true;
    }

    /**
     * The newest frame that may be shown at {@code nowMs}, taken out of the line with every older
     * one; null when none may. A camera's frames come from one partition in offset order, so once a
     * frame is not covered, no later one is.
     *
     * @param covered whether the job has processed a frame (and its events are visible)
     */
    public synchronized Due takeDue(long nowMs, Predicate<BufferedFrame> covered) {
        Due due = null;
        while (!frames.isEmpty()) {
            BufferedFrame first = frames.peekFirst();
            boolean isCovered = covered.test(first);
            if (!isCovered && nowMs - first.arrivedAtMs() < limits.maxWaitMs()) {
                break;
            }
            frames.removeFirst();
            bytes -= first.jpeg().length;
            due = new Due(first, isCovered);
        }
        return due;
    }

    public synchronized int size() {
        return frames.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    /** Frames dropped because the line was full. */
    public synchronized long dropped() {
        return dropped;
    }
}
