package io.ferstream.it;

import static io.ferstream.it.LiveRun.canonical;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.registry.server.SchemaRegistryServer;
import io.ferstream.stack.EmbeddedKafka;
import io.ferstream.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * The broker leading the busiest frames partition dies in live mode and comes back 8 s later, on a
 * cluster of three brokers (replication factor 3, min.insync.replicas 2): the leadership moves, the
 * cameras and the job carry on, and the committed events equal an undisturbed run's.
 */
class BrokerRestartIT {

    @Test
    void shouldCommitTheSameEventsWhenABrokerDiesAndComesBack() throws Exception {
        // configure: three brokers, a registry, topics replicated to all three
        try (EmbeddedKafka brokers = EmbeddedKafka.startCluster(3);
                SchemaRegistryServer registry = SchemaRegistryServer.inMemory()) {
            Map<String, Object> client = new HashMap<>();
            brokers.clientProperties().forEach((k, v) -> client.put(k.toString(), v));
            LiveRun.Cluster kafka =
                    new LiveRun.Cluster(client, brokers.bootstrapServers(), registry.url());
            try (Admin admin = Admin.create(client)) {
                admin.createTopics(
                                Set.of(
                                        replicated("frames", 2),
                                        replicated("events", 2),
                                        replicated("replayed", 2),
                                        replicated("dlq", 1),
                                        // the job's minute summaries, by default
                                        replicated(Topics.EXPRESSION_SUMMARIES, 2)))
                        .all()
                        .get(60, TimeUnit.SECONDS);
            }

            try (MiniCluster flink = LiveRun.miniCluster(2);
                    LiveRun.CommittedReader reader = new LiveRun.CommittedReader(kafka, "events")) {
                flink.start();
                JobID job =
                        LiveRun.submit(flink, LiveRun.liveConfig(kafka, "frames", "events", "dlq"));
                LiveRun.waitUntilRunning(flink, job);

                // act: the leader of the partition the group camera writes to dies mid-stream,
                // and is started again 8 s later
                int[] stopped = {-1};
                List<CompletableFuture<Void>> restarted = new ArrayList<>();
                LiveRun.produceInRealTime(
                        kafka,
                        "frames",
                        () -> {
                            stopped[0] = leaderOf(client, "frames", partitionOf(client, "group"));
                            brokers.stopBroker(stopped[0]);
                            restarted.add(
                                    CompletableFuture.runAsync(
                                            () -> {
                                                sleep(Duration.ofSeconds(8));
                                                brokers.startBroker(stopped[0]);
                                            }));
                        });
                restarted.get(0).get(60, TimeUnit.SECONDS);
                LiveRun.waitForAllTracksToEnd(reader, Duration.ofSeconds(120));
                int leaderAfter = leaderOf(client, "frames", partitionOf(client, "group"));
                flink.cancelJob(job).get(30, TimeUnit.SECONDS);
                List<String> undisturbed =
                        canonical(LiveRun.undisturbed(flink, kafka, "frames", "replayed", "dlq"));

                // verify
                List<String> afterFailure = canonical(reader.events());
                assertTrue(stopped[0] >= 0);
                LiveRun.assertSameEvents(undisturbed, afterFailure);
                System.out.printf(
                        "[broker-restart] broker %d stopped for 8 s; leader of the group's"
                                + " partition afterwards: %d; %d events%n",
                        stopped[0], leaderAfter, afterFailure.size());
                assertNotEquals(-1, leaderAfter);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static NewTopic replicated(String name, int partitions) {
        return new NewTopic(name, partitions, (short) 3)
                .configs(Map.of("min.insync.replicas", "2"));
    }

    /** The partition a camera's frames go to, as the producer's default partitioner picks it. */
    private static int partitionOf(Map<String, Object> client, String camera) {
        byte[] key = camera.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return org.apache.kafka.common.utils.Utils.toPositive(
                        org.apache.kafka.common.utils.Utils.murmur2(key))
                % 2;
    }

    private static int leaderOf(Map<String, Object> client, String topic, int partition)
            throws Exception {
        try (Admin admin = Admin.create(client)) {
            var leader =
                    admin.describeTopics(Set.of(topic))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(topic)
                            .partitions()
                            .get(partition)
                            .leader();
            return leader == null ? -1 : leader.id();
        }
    }
}
