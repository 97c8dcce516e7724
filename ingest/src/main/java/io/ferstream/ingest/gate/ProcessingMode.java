package io.ferstream.ingest.gate;

import org.apache.kafka.streams.StreamsConfig;

/**
 * The gate's delivery guarantee from {@code frames.raw} to {@code frames} and {@code frames.dlq}.
 */
public enum ProcessingMode {
    /**
     * Kafka transactions: every input record is accepted or dead-lettered exactly once (default).
     */
    EXACTLY_ONCE_V2(StreamsConfig.EXACTLY_ONCE_V2),
    /** Cheaper; after a crash some frames may be forwarded twice. */
    AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE);

    private final String streamsValue;

    ProcessingMode(String streamsValue) {
        this.streamsValue = streamsValue;
    }

    /** The value of {@code processing.guarantee}. */
    public String streamsValue() {
        return streamsValue;
    }
}
