package io.ferstream.it;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.StackSecurity;
import io.ferstream.topics.Topics;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a secured stack: SASL_SSL with SCRAM-SHA-512 and ACLs per principal at the
 * broker, https with basic auth at the registry, keys and passwords made for this run.
 */
class SecuredPipelineIT {

    @TempDir static Path keys;

    private static EmbeddedStack stack;
    private static StackSecurity security;

    @BeforeAll
    static void startSecuredStack() {
        security = StackSecurity.generate(keys);
        stack = EmbeddedStack.startSecured(EmbeddedStack.Options.defaults(), security);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aClientWithoutCredentialsIsRefused() {
        Map<String, Object> plaintext =
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        Map<String, Object> tlsOnly = new HashMap<>(security.kafkaClient(StackSecurity.ADMIN));
        tlsOnly.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        tlsOnly.remove("sasl.jaas.config");
        tlsOnly.remove("sasl.mechanism");
        tlsOnly.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        for (Map<String, Object> props : java.util.List.of(plaintext, tlsOnly)) {
            try (Admin admin = Admin.create(props)) {
                ExecutionException refused =
                        assertThrows(
                                ExecutionException.class,
                                () ->
                                        admin.describeCluster(
                                                        new DescribeClusterOptions()
                                                                .timeoutMs(5000))
                                                .nodes()
                                                .get(20, TimeUnit.SECONDS),
                                "a client speaking " + props.get("security.protocol"));
                assertInstanceOf(
                        org.apache.kafka.common.errors.TimeoutException.class, refused.getCause());
            }
        }
    }

    @Test
    void aCameraMayWriteFramesButNotEvents() throws Exception {
        Map<String, Object> props = stack.clientProperties(StackSecurity.CAMERA);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<byte[], byte[]> camera =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            // Not a frame: the gate would dead-letter it. Only the right to write is at stake.
            camera.send(new ProducerRecord<>(Topics.FRAMES_RAW, new byte[] {1}))
                    .get(20, TimeUnit.SECONDS);
            ExecutionException denied =
                    assertThrows(
                            ExecutionException.class,
                            () ->
                                    camera.send(
                                                    new ProducerRecord<>(
                                                            Topics.EXPRESSION_EVENTS,
                                                            new byte[] {1}))
                                            .get(20, TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, denied.getCause());
        }
    }

    @Test
    void aWrongPasswordFailsFastWithTheReason() {
        Map<String, Object> props =
                new HashMap<>(security.kafkaClient(StackSecurity.CAMERA, "not-the-password"));
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        long started = System.nanoTime();
        try (Admin admin = Admin.create(props)) {
            ExecutionException refused =
                    assertThrows(
                            ExecutionException.class,
                            () ->
                                    admin.describeCluster(
                                                    new DescribeClusterOptions().timeoutMs(30_000))
                                            .nodes()
                                            .get(40, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, refused.getCause());
            assertTrue(
                    refused.getCause().getMessage().contains("invalid credentials"),
                    refused.getCause().getMessage());
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertTrue(seconds < 10, "refused after " + seconds + " s, not at once");
    }
}
