package io.ferstream.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class KafkaAccessCheckTest {

    private static final List<String> TOPICS = List.of("frames", "expression-events");

    private static KafkaAccessException explain(Throwable cause) {
        return KafkaAccessCheck.explain("the job", "Kafka at b:9093", TOPICS, 5000, cause);
    }

    @Test
    void refusedCredentialsSayWhichSettingsToCheck() {
        KafkaAccessException e =
                explain(
                        new SaslAuthenticationException(
                                "Authentication failed during authentication due to invalid"
                                        + " credentials with SASL mechanism SCRAM-SHA-512"));
        assertTrue(e.refused());
        assertTrue(
                e.getMessage().startsWith("Kafka at b:9093 refused the credentials of the job"),
                e.getMessage());
        assertTrue(e.getMessage().contains("sasl.jaas.config"), e.getMessage());
    }

    @Test
    void aFailedTlsHandshakePointsAtTheTruststore() {
        KafkaAccessException e = explain(new SslAuthenticationException("PKIX path failed"));
        assertTrue(e.refused());
        assertTrue(e.getMessage().contains("ssl.truststore"), e.getMessage());
    }

    @Test
    void aMissingAclNamesTheTopics() {
        KafkaAccessException e =
                explain(new TopicAuthorizationException("Not authorized to access topics"));
        assertTrue(e.refused());
        assertTrue(e.getMessage().contains("[frames, expression-events]"), e.getMessage());
        assertTrue(e.getMessage().contains("ACL"), e.getMessage());
    }

    @Test
    void aMissingTopicIsSaid() {
        KafkaAccessException e = explain(new UnknownTopicOrPartitionException("unknown"));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void silenceIsNotARefusalAndHintsAtTheProtocol() {
        KafkaAccessException e = explain(new TimeoutException("Timed out waiting for a node"));
        assertFalse(e.refused());
        assertTrue(
                e.getMessage().startsWith("Kafka at b:9093 did not answer the job within 5000 ms"),
                e.getMessage());
        assertTrue(e.getMessage().contains("security.protocol"), e.getMessage());
    }

    @Test
    void anUnreachableBrokerFailsWithinTheTimeout() {
        long started = System.nanoTime();
        KafkaAccessException e =
                assertThrows(
                        KafkaAccessException.class,
                        () ->
                                KafkaAccessCheck.verify(
                                        "the camera",
                                        Map.of("bootstrap.servers", "127.0.0.1:1"),
                                        TOPICS,
                                        Duration.ofMillis(1500)));
        assertFalse(e.refused());
        assertTrue(e.getMessage().contains("Kafka at 127.0.0.1:1 did not answer"), e.getMessage());
        assertTrue(System.nanoTime() - started < 20_000_000_000L, "waited on past the timeout");
    }
}
