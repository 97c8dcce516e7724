package io.ferstream.processor.tracking;

import java.io.Serializable;

/**
 * Wall-clock source for the informational processing-time fields of events ({@code processedTime},
 * {@code captureToEmitMillis}). Serializable so it travels inside the Flink function; tests inject
 * a fixed one to make whole events comparable.
 */
@FunctionalInterface
public interface ProcessingClock extends Serializable {

    /** Current wall-clock time, epoch millis. */
    long currentTimeMillis();

    /** The system clock. */
    static ProcessingClock system() {
        return System::currentTimeMillis;
    }
}
