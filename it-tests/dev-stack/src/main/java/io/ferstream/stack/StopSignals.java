package io.ferstream.stack;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into an orderly stop instead of a JVM shutdown.
 *
 * <p>Why not a shutdown hook: once the JVM shuts down, every hook runs at once, and Kafka's test
 * kit registers one that deletes the broker's temporary log directories while the broker still
 * runs. Seen with a shutdown hook here: the JVM ended with status 1 within a second of Ctrl-C,
 * before camera, job or gate were closed. Handling the signal ourselves lets the caller close what
 * runs on the broker first, then the broker, and only then exit. A second signal halts at once, for
 * when a clean stop hangs.
 */
public final class StopSignals {
    private static final int EXIT_ON_SECOND_SIGNAL = 130;

    private StopSignals() {}

    /** Calls {@code onFirst} on the first SIGINT or SIGTERM; halts the JVM on the second. */
    public static void install(Runnable onFirst) {
        AtomicBoolean seen = new AtomicBoolean();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(
                    new Signal(name),
                    signal -> {
                        if (seen.compareAndSet(false, true)) {
                            onFirst.run();
                        } else {
                            System.err.println(
                                    "\n  second " + signal + ": stopping now, without cleaning up");
                            Runtime.getRuntime().halt(EXIT_ON_SECOND_SIGNAL);
                        }
                    });
        }
    }
}
