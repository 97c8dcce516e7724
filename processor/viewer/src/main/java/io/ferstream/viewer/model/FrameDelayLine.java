package io.ferstream.viewer.model;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The few most recent frames of one camera, held back by a delay before they may be shown. Events
 * reach {@code read_committed} consumers only when the job's checkpoint commits them, seconds after
 * the frame they describe; a frame shown as soon as it arrives would show a new face before its box
 * is known, unblurred. Held back by more than that lag, a frame is shown with its events (and those
 * of the next frames) already at hand.
 *
 * <p>Frames arriving faster than the display rate are skipped on arrival, and the line holds at
 * most {@code maxFrames} frames and {@code maxBytes} of JPEG: when it must drop, it drops the
 * oldest, so the delay is never shortened. Only encoded bytes are held, never decoded pixels; no
 * frame is written anywhere. Thread-safe.
 */
public final class FrameDelayLine {

    /** A frame as it came from Kafka: the camera's JPEG, untouched. */
    public record BufferedFrame(
            long sequence,
            long captureTimeMs,
            long arrivedAtMs,
            int width,
            int height,
            byte[] jpeg) {}

    /** How long frames wait, how often one is kept, and how much may wait. */
    public record Limits(long delayMs, long minIntervalMs, int maxFrames, long maxBytes) {
        public Limits {
            if (delayMs < 0 || minIntervalMs < 0 || maxFrames < 1 || maxBytes < 1) {
                throw new IllegalArgumentException(
                        "delay and interval must be >= 0, frames and bytes >= 1: " + this);
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
     * The newest frame that has waited the delay at {@code nowMs}, taken out of the line with every
     * older one; null when none has waited long enough.
     */
    public synchronized BufferedFrame takeDue(long nowMs) {
        BufferedFrame due = null;
        while (!frames.isEmpty() && nowMs - frames.peekFirst().arrivedAtMs() >= limits.delayMs()) {
            due = frames.removeFirst();
            bytes -= due.jpeg().length;
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
