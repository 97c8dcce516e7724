package io.ferstream.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before a component starts, that it can use Kafka with its settings: the brokers answer,
 * they accept its credentials, and it may see its topics. Kafka's clients otherwise retry a wrong
 * password or a missing right in their background threads, so a misconfigured component looks alive
 * while it does nothing; this check turns each case into one message that says what to fix.
 */
public final class KafkaAccessCheck {

    private KafkaAccessCheck() {}

    /**
     * Describes the cluster and {@code topics} as {@code who}.
     *
     * @param who the component, for the message (e.g. "the frame gate")
     * @param clientProperties Kafka client settings, bootstrap servers included
     * @param topics topics the component reads or writes
     * @param timeout how long the brokers have to answer
     * @throws KafkaAccessException what is wrong, with what to check
     */
    public static void verify(
            String who,
            Map<String, ?> clientProperties,
            Collection<String> topics,
            Duration timeout) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "ferstream-access-check");
        Object bootstrap = props.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        String kafka = "Kafka at " + bootstrap;
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                    .nodes()
                    .get(timeoutMs + 1000L, TimeUnit.MILLISECONDS);
            admin.describeTopics(
                            List.copyOf(topics), new DescribeTopicsOptions().timeoutMs(timeoutMs))
                    .allTopicNames()
                    .get(timeoutMs + 1000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw explain(who, kafka, topics, timeoutMs, e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            throw explain(who, kafka, topics, timeoutMs, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaAccessException("interrupted while checking " + kafka, false);
        } catch (KafkaException e) {
            throw new KafkaAccessException(
                    "cannot create a Kafka client for " + who + ": " + e.getMessage(), true);
        }
    }

    static KafkaAccessException explain(
            String who, String kafka, Collection<String> topics, int timeoutMs, Throwable cause) {
        if (cause instanceof SslAuthenticationException) {
            return new KafkaAccessException(
                    "The TLS handshake of "
                            + who
                            + " with "
                            + kafka
                            + " failed ("
                            + cause.getMessage()
                            + "). Check ssl.truststore.* and that the broker's certificate names"
                            + " the host in the bootstrap servers.",
                    true);
        }
        if (cause instanceof AuthenticationException) {
            return new KafkaAccessException(
                    kafka
                            + " refused the credentials of "
                            + who
                            + " ("
                            + cause.getMessage()
                            + "). Check the user and password in sasl.jaas.config, and"
                            + " sasl.mechanism.",
                    true);
        }
        if (cause instanceof AuthorizationException) {
            return new KafkaAccessException(
                    "Kafka does not allow "
                            + who
                            + " to use its topics "
                            + topics
                            + " ("
                            + cause.getMessage()
                            + "). Grant its principal the ACLs the README lists.",
                    true);
        }
        if (cause instanceof UnknownTopicOrPartitionException) {
            return new KafkaAccessException(
                    "A topic of " + who + " does not exist (one of " + topics + "); create it.",
                    true);
        }
        return new KafkaAccessException(
                kafka
                        + " did not answer "
                        + who
                        + " within "
                        + timeoutMs
                        + " ms ("
                        + cause.getClass().getSimpleName()
                        + "). Check the bootstrap servers, and that security.protocol matches the"
                        + " listener: a client speaking PLAINTEXT to a TLS listener, or the other"
                        + " way round, meets only silence.",
                false);
    }
}
