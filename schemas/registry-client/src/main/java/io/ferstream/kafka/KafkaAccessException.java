package io.ferstream.kafka;

/**
 * A component cannot use Kafka as configured: its credentials were refused, it may not use a topic,
 * a topic is missing, or nothing answered. The message says what to fix, and never holds a secret.
 */
public final class KafkaAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Retrying with the same settings cannot help: credentials or rights are wrong. */
    private final boolean refused;

    KafkaAccessException(String message, boolean refused) {
        super(message);
        this.refused = refused;
    }

    /**
     * Whether Kafka refused the client (authentication or authorization), not just slow to answer.
     */
    public boolean refused() {
        return refused;
    }
}
