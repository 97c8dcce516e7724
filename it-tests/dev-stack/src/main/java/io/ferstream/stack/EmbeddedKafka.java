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
        return start(
                new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1),
                brokerDefaults(),
                brokerOverrides);
    }

    /**
     * A cluster of {@code brokers} brokers and one KRaft controller, each broker its own server in
     * this JVM, with every internal topic replicated to all of them ({@code min.insync.replicas}
     * one less): what a broker failure needs to be survivable.
     */
    public static EmbeddedKafka startCluster(int brokers) {
        String replicas = Integer.toString(brokers);
        String minInSync = Integer.toString(Math.max(1, brokers - 1));
        Map<String, String> replicated = new java.util.HashMap<>(brokerDefaults());
        replicated.put("offsets.topic.replication.factor", replicas);
        replicated.put("transaction.state.log.replication.factor", replicas);
        replicated.put("transaction.state.log.min.isr", minInSync);
        replicated.put("default.replication.factor", replicas);
        replicated.put("min.insync.replicas", minInSync);
        return start(
                new TestKitNodes.Builder()
                        .setCombined(false)
                        .setNumBrokerNodes(brokers)
                        .setNumControllerNodes(1),
                replicated,
                Map.of());
    }

    private static EmbeddedKafka start(
            TestKitNodes.Builder nodeBuilder,
            Map<String, String> brokerDefaults,
            Map<String, String> brokerOverrides) {
        TestKitNodes nodes =
                nodeBuilder.setBootstrapMetadataVersion(MetadataVersion.latestProduction()).build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        brokerDefaults.forEach(builder::setConfigProp);
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

    /** The ids of the brokers. */
    public java.util.Set<Integer> brokerIds() {
        return cluster.brokers().keySet();
    }

    /** Stops broker {@code id} as a crash would leave it: clients lose it, its data stays. */
    public void stopBroker(int id) {
        var broker = cluster.brokers().get(id);
        broker.shutdown();
        broker.awaitShutdown();
    }

    /** Starts broker {@code id} again on its data; it rejoins the cluster and catches up. */
    public void startBroker(int id) {
        cluster.brokers().get(id).startup();
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
