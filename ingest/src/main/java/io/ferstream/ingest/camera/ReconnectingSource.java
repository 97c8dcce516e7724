package io.ferstream.ingest.camera;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a live source: when it fails to open, fails to read or ends (a dropped stream), it is
 * reopened after an exponential backoff, up to a bound of consecutive failed attempts. The first
 * open is not retried: a source that never worked is a user error, reported at once.
 */
public final class ReconnectingSource implements FrameSource {

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingSource.class);

    private final Supplier<FrameSource> factory;
    private final Backoff backoff;
    private final Pacer.Sleeper sleeper;
    private final String name;
    private FrameSource current;
    private int reconnects;
    private volatile boolean closed;

    public ReconnectingSource(
            String name, Supplier<FrameSource> factory, Backoff backoff, Pacer.Sleeper sleeper) {
        this.name = Objects.requireNonNull(name, "name");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    @Override
    public void open() throws SourceException {
        current = factory.get();
        current.open();
    }

    @Override
    public CapturedFrame next() throws SourceException {
        SourceException lastFailure = null;
        while (!closed) {
            if (current != null) {
                try {
                    CapturedFrame frame = current.next();
                    if (frame != null) {
                        backoff.reset();
                        return frame;
                    }
                    LOG.warn("{} ended; reconnecting", name);
                } catch (SourceException e) {
                    lastFailure = e;
                    LOG.warn("{} dropped ({}); reconnecting", name, e.getMessage());
                }
                current.close();
                current = null;
            }
            if (!backoff.canRetry()) {
                throw new SourceException(
                        "gave up on "
                                + name
                                + " after "
                                + backoff.attempts()
                                + " failed reconnect attempts"
                                + (lastFailure == null ? "" : ": " + lastFailure.getMessage()));
            }
            Duration delay = backoff.nextDelay();
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            FrameSource candidate = factory.get();
            try {
                candidate.open();
                current = candidate;
                reconnects++;
                LOG.info("{} reconnected (attempt {})", name, backoff.attempts());
            } catch (SourceException e) {
                candidate.close();
                lastFailure = e;
                LOG.warn(
                        "reconnecting {} failed ({}); next try in up to {}",
                        name,
                        e.getMessage(),
                        delay.multipliedBy(2));
            }
        }
        return null;
    }

    /** Successful reconnections so far. */
    public int reconnects() {
        return reconnects;
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public void close() {
        closed = true;
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
