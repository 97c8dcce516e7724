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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists the registry in a compacted, single-partition Kafka topic (default {@code _schemas}),
 * like Confluent's registry: keys identify a subject version or a config, values hold JSON. The
 * topic is created if missing; on start it is read from the beginning, so ids survive restarts.
 * Writes go through an idempotent producer with {@code acks=all} and are awaited.
 */
public final class KafkaSchemaStore implements SchemaStore {

    public static final String DEFAULT_TOPIC = "_schemas";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final Map<String, Object> clientProps;
    private final KafkaProducer<String, String> producer;

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
        this.clientProps = Map.copyOf(clientProps);
        createTopicIfMissing();
        Map<String, Object> producerProps = new HashMap<>(this.clientProps);
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "ferstream-schema-registry");
        this.producer =
                new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
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
    public List<StoreRecord> readAll() {
        Map<String, Object> consumerProps = new HashMap<>(clientProps);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<StoreRecord> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        consumerProps, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition, TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "Could not read "
                                    + topic
                                    + " up to offset "
                                    + end
                                    + " within "
                                    + TIMEOUT);
                }
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    StoreRecord parsed = decode(record.key(), record.value());
                    if (parsed != null) {
                        records.add(parsed);
                    }
                }
            }
        }
        LOG.info("Read {} record(s) from {}", records.size(), topic);
        return records;
    }

    @Override
    public void append(StoreRecord record) {
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
        try {
            producer.send(new ProducerRecord<>(topic, 0, key.toString(), value.toString()))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
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
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
