package io.ferstream.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists the registry in a compacted, single-partition Kafka topic (default {@code _schemas}),
 * like Confluent's registry: keys identify a subject version or a config, values hold JSON. The
 * topic is created if missing; on start it is read from the beginning, so ids survive restarts.
 *
 * <p>Several registry instances may share the topic, so clients can be given several URLs and lose
 * one instance. Each instance keeps reading the topic ({@link #poll}), so an id registered through
 * one is found through the other. Writes are serialized across instances by a Kafka transaction
 * with one transactional id for all of them: a write first fences every other instance's write in
 * progress ({@code initTransactions} aborts it or waits for its commit), then checks that nothing
 * was stored since this instance last read, and only then commits. So two instances can never give
 * the same id to different schemas; the loser of a race gets a {@link StoreConflictException},
 * catches up and decides again. Writes are rare (a schema the first time it is used), so each makes
 * its own short-lived producer.
 */
public final class KafkaSchemaStore implements SchemaStore {

    public static final String DEFAULT_TOPIC = "_schemas";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final TopicPartition partition;
    private final Map<String, Object> clientProps;
    private final KafkaConsumer<String, String> reader;

    /** A store on {@code bootstrapServers} in topic {@value #DEFAULT_TOPIC}. */
    public KafkaSchemaStore(String bootstrapServers) {
        this(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), DEFAULT_TOPIC);
    }

    /**
     * A store with these client properties (bootstrap servers plus any security settings, which
     * pass through to the admin client, producer and consumer) in {@code topic}.
     */
    public KafkaSchemaStore(Map<String, Object> clientProps, String topic) {
        if (clientProps.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException(
                    "Set bootstrap.servers for the registry's Kafka store");
        }
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.clientProps = Map.copyOf(clientProps);
        createTopicIfMissing();
        Map<String, Object> consumerProps = new HashMap<>(this.clientProps);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.reader =
                new KafkaConsumer<>(
                        consumerProps, new StringDeserializer(), new StringDeserializer());
        reader.assign(List.of(partition));
    }

    /** The transactional id every instance on {@code topic} writes with. */
    public static String transactionalId(String topic) {
        return "ferstream-schema-registry-" + topic;
    }

    private void createTopicIfMissing() {
        try (Admin admin = Admin.create(clientProps)) {
            NewTopic schemas =
                    new NewTopic(topic, 1, (short) -1).configs(Map.of("cleanup.policy", "compact"));
            admin.createTopics(Set.of(schemas))
                    .all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created the registry's topic {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "Cannot create the registry's topic " + topic + ": " + e.getCause(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka did not answer within "
                            + TIMEOUT
                            + " when creating "
                            + topic
                            + "; check bootstrap.servers "
                            + clientProps.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating " + topic, e);
        }
    }

    @Override
    public synchronized List<StoreRecord> readAll() {
        reader.seekToBeginning(List.of(partition));
        List<StoreRecord> records = readToEnd();
        LOG.info("Read {} record(s) from {}", records.size(), topic);
        return records;
    }

    @Override
    public synchronized List<StoreRecord> poll() {
        return readToEnd();
    }

    /** Reads from where the last read stopped up to the committed end of the topic. */
    private List<StoreRecord> readToEnd() {
        List<StoreRecord> records = new ArrayList<>();
        long end = committedEnd();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (reader.position(partition, TIMEOUT) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Could not read " + topic + " up to offset " + end + " within " + TIMEOUT);
            }
            for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(200))) {
                StoreRecord parsed = decode(record.key(), record.value());
                if (parsed != null) {
                    records.add(parsed);
                }
            }
        }
        return records;
    }

    /** The end of what a read_committed reader may read: no transaction is open before it. */
    private long committedEnd() {
        return reader.endOffsets(List.of(partition), TIMEOUT).get(partition);
    }

    @Override
    public synchronized void append(StoreRecord record) {
        ObjectNode key = JSON.createObjectNode();
        ObjectNode value = JSON.createObjectNode();
        if (record instanceof StoreRecord.SchemaVersion v) {
            key.put("keytype", "SCHEMA")
                    .put("subject", v.subject())
                    .put("version", v.version())
                    .put("magic", 1);
            value.put("subject", v.subject())
                    .put("version", v.version())
                    .put("id", v.id())
                    .put("schema", v.schema())
                    .put("deleted", false);
        } else if (record instanceof StoreRecord.ConfigChange c) {
            key.put("keytype", "CONFIG").put("subject", c.subject()).put("magic", 0);
            value.put("compatibilityLevel", c.level().name());
        }
        Map<String, Object> producerProps = new HashMap<>(clientProps);
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(topic));
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "ferstream-schema-registry");
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(
                        producerProps, new StringSerializer(), new StringSerializer())) {
            // From here no other instance's write is open, and none can commit until this one ends.
            producer.initTransactions();
            if (reader.position(partition, TIMEOUT) < committedEnd()) {
                throw new StoreConflictException(
                        "another registry instance wrote to " + topic + " since this one read it");
            }
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, key.toString(), value.toString()))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            producer.commitTransaction();
        } catch (ExecutionException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof ProducerFencedException
                    || cause instanceof InvalidProducerEpochException) {
                // Another instance began a write after this one: it goes first.
                throw new StoreConflictException(
                        "another registry instance is writing to " + topic + ": " + cause);
            }
            throw new IllegalStateException("Could not write to " + topic + ": " + cause, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Could not write to " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing to " + topic, e);
        }
    }

    /**
     * Parses one stored record; null for records this registry does not use (tombstones, other key
     * types).
     */
    static StoreRecord decode(String key, String value) {
        if (key == null || value == null) {
            return null;
        }
        try {
            JsonNode k = JSON.readTree(key);
            JsonNode v = JSON.readTree(value);
            String subject =
                    k.path("subject").isNull() || k.path("subject").isMissingNode()
                            ? null
                            : k.path("subject").asText();
            switch (k.path("keytype").asText()) {
                case "SCHEMA":
                    if (v.path("deleted").asBoolean(false)) {
                        return null;
                    }
                    return new StoreRecord.SchemaVersion(
                            v.path("subject").asText(),
                            v.path("version").asInt(),
                            v.path("id").asInt(),
                            v.path("schema").asText());
                case "CONFIG":
                    return new StoreRecord.ConfigChange(
                            subject,
                            CompatibilityLevel.valueOf(v.path("compatibilityLevel").asText()));
                default:
                    return null;
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Skipping an unreadable record in the registry topic: {}", e.toString());
            return null;
        }
    }

    @Override
    public synchronized void close() {
        reader.close(Duration.ofSeconds(5));
    }
}
