package io.ferstream.stack;

import io.ferstream.topics.Topics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in this JVM: one combined KRaft node (broker + controller) from Kafka's own
 * test kit, with settings for FerStream: frames up to {@link Topics#MAX_FRAME_BYTES}, and the
 * replication factor 1 that transactions and consumer offsets need on a single node.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats and starts the broker on a free port; returns once it accepts clients. */
    public static EmbeddedKafka start() {
        return start(Map.of());
    }

    /** As {@link #start()}, with extra or overriding broker properties. */
    public static EmbeddedKafka start(Map<String, String> brokerOverrides) {
        TestKitNodes nodes =
                new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                        .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        brokerDefaults().forEach(builder::setConfigProp);
        brokerOverrides.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = null;
        try {
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafka(cluster);
        } catch (Exception e) {
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Could not start the embedded Kafka broker: " + e, e);
        }
    }

    /** Broker settings for one node carrying camera frames. */
    static Map<String, String> brokerDefaults() {
        String maxBytes = Integer.toString(Topics.MAX_FRAME_BYTES + 256 * 1024);
        return Map.of(
                "message.max.bytes", maxBytes,
                "replica.fetch.max.bytes", maxBytes,
                "offsets.topic.replication.factor", "1",
                "offsets.topic.num.partitions", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "transaction.state.log.num.partitions", "1",
                "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "false");
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Client properties with the bootstrap servers (and any security the test kit configured). */
    public Properties clientProperties() {
        return cluster.clientProperties();
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Could not stop the embedded Kafka broker cleanly: " + e, e);
        }
    }
}
