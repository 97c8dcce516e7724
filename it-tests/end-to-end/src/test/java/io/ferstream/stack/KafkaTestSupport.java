package io.ferstream.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Small produce/consume helpers for ITs on the shared stack. Each test uses its own topic. */
public final class KafkaTestSupport {

    private KafkaTestSupport() {}

    /** Creates a fresh single-partition topic with a unique name starting with {@code prefix}. */
    public static String newTopic(EmbeddedStack stack, String prefix) throws Exception {
        return newTopic(stack, prefix, 1);
    }

    /**
     * Creates a fresh topic with {@code partitions} partitions and a unique name starting with
     * {@code prefix}.
     */
    public static String newTopic(EmbeddedStack stack, String prefix, int partitions)
            throws Exception {
        String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(stack.clientProperties())) {
            admin.createTopics(Set.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    /**
     * Sends keyless records (Python's AvroConsumer would try to Avro-decode a plain string key).
     */
    public static <V> void produce(
            EmbeddedStack stack, String topic, Serializer<V> values, List<V> records)
            throws Exception {
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, V> producer =
                new KafkaProducer<>(props, new StringSerializer(), values)) {
            for (V record : records) {
                producer.send(new ProducerRecord<>(topic, null, record)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads {@code count} records from the start of {@code topic}, or fails after 30 s. */
    public static <V> List<ConsumerRecord<String, V>> consume(
            EmbeddedStack stack, String topic, Deserializer<V> values, int count) {
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, V>> read = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (read.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        if (read.size() < count) {
            throw new AssertionError(
                    "Read "
                            + read.size()
                            + " of "
                            + count
                            + " records from "
                            + topic
                            + " within 30 s");
        }
        return read;
    }

    /** Sends already-serialized records as they are (valid frames and poison alike), in order. */
    public static void produceRaw(EmbeddedStack stack, List<ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        produceRaw(stack.clientProperties(), records);
    }

    /** As {@link #produceRaw(EmbeddedStack, List)}, on any cluster. */
    public static void produceRaw(
            Map<String, Object> clientProperties, List<ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        props,
                        new org.apache.kafka.common.serialization.ByteArraySerializer(),
                        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Reads everything committed to {@code topic} so far (isolation level read_committed, as
     * consumers of expression-events must): reads each partition up to its last stable offset, so
     * the result does not depend on how long a consumer group takes to form.
     */
    public static <V> List<V> consumeCommitted(
            EmbeddedStack stack, String topic, Deserializer<V> values) {
        return consumeCommitted(stack.clientProperties(), topic, values);
    }

    /** As {@link #consumeCommitted(EmbeddedStack, String, Deserializer)}, on any cluster. */
    public static <V> List<V> consumeCommitted(
            Map<String, Object> clientProperties, String topic, Deserializer<V> values) {
        List<V> read = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer =
                committedConsumer(clientProperties, topic, values)) {
            Set<TopicPartition> partitions = consumer.assignment();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "Could not read " + topic + " to its end " + end + " within 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
            }
        }
        return read;
    }

    /**
     * A read_committed consumer assigned every partition of {@code topic} from its beginning, as a
     * downstream service of expression-events reads; the caller closes it.
     */
    public static <V> KafkaConsumer<String, V> committedConsumer(
            Map<String, Object> clientProperties, String topic, Deserializer<V> values) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, V> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), values);
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
