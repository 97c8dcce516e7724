package io.ferstream.viewer.kafka;

import io.ferstream.registry.AvroDeserializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionSummary;
import io.ferstream.schema.FrameRejected;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the five topics the viewer shows with one consumer, assigned (no consumer group: the viewer
 * commits nothing and every instance sees everything), {@code isolation.level=read_committed}:
 * events, summaries and dead letters come from the job's transactions and frames and statuses from
 * the gate's, and an aborted record must never be shown. Where each topic starts: frames at their
 * end (only what comes next is shown), events, summaries and dead letters {@code history} records
 * back per partition, statuses at their beginning (the compacted topic holds the latest of each
 * camera). Partitions are looked up again every few seconds, so topics created after the viewer
 * started are read too.
 *
 * <p>Values are decoded with the project's Avro deserializers (the Confluent wire format and the
 * registry); a record that does not decode is counted and skipped, and its bytes are never logged.
 */
public final class TopicReader implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long PARTITION_REFRESH_MS = 5_000;

    /** What the reader found. Called from the reader's thread. */
    public interface Listener {
        void onFrame(CameraFrame frame, int partition, long offset, long arrivedAtMs);

        void onEvent(ExpressionEvent event, long arrivedAtMs);

        void onDeadLetter(FrameRejected deadLetter, long arrivedAtMs);

        /** A camera status (the gate's JSON), or null for a tombstone. */
        void onStatus(String cameraId, byte[] json);

        void onSummary(ExpressionSummary summary);
    }

    /** The topics to read. */
    public record Topics(
            String frames, String events, String deadLetters, String status, String summaries) {
        List<String> all() {
            return List.of(frames, events, deadLetters, status, summaries);
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final int history;
    private final Listener listener;
    private final AvroDeserializer<CameraFrame> frames;
    private final AvroDeserializer<ExpressionEvent> events;
    private final AvroDeserializer<FrameRejected> deadLetters;
    private final AvroDeserializer<ExpressionSummary> summaries;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final Map<String, Long> undecodable = new java.util.concurrent.ConcurrentHashMap<>();
    private long nextRefreshMs;

    public TopicReader(
            Map<String, Object> clientProperties,
            RegistryConfig registry,
            Topics topics,
            int history,
            Listener listener) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ferstream-viewer");
        // Frames are up to 8 MiB: one fetch per partition holds at least one.
        props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 9 * 1024 * 1024);
        this.consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.history = history;
        this.listener = listener;
        this.frames = new AvroDeserializer<>(CameraFrame.class, registry);
        this.events = new AvroDeserializer<>(ExpressionEvent.class, registry);
        this.deadLetters = new AvroDeserializer<>(FrameRejected.class, registry);
        this.summaries = new AvroDeserializer<>(ExpressionSummary.class, registry);
    }

    @Override
    public void run() {
        try {
            while (running.get()) {
                long now = System.currentTimeMillis();
                if (now >= nextRefreshMs) {
                    refreshAssignment();
                    nextRefreshMs = now + PARTITION_REFRESH_MS;
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(POLL.toMillis());
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    dispatch(r, System.currentTimeMillis());
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KafkaException e) {
            LOG.error("the viewer stopped reading Kafka: {}", e.toString());
            throw e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
            frames.close();
            events.close();
            deadLetters.close();
            summaries.close();
        }
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> r, long now) {
        String topic = r.topic();
        try {
            if (topic.equals(topics.status())) {
                String key =
                        r.key() == null
                                ? null
                                : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
                if (key != null) {
                    listener.onStatus(key, r.value());
                }
            } else if (r.value() == null) {
                return;
            } else if (topic.equals(topics.frames())) {
                listener.onFrame(
                        frames.deserialize(topic, r.value()), r.partition(), r.offset(), now);
            } else if (topic.equals(topics.events())) {
                listener.onEvent(events.deserialize(topic, r.value()), now);
            } else if (topic.equals(topics.deadLetters())) {
                listener.onDeadLetter(deadLetters.deserialize(topic, r.value()), now);
            } else if (topic.equals(topics.summaries())) {
                listener.onSummary(summaries.deserialize(topic, r.value()));
            }
        } catch (RuntimeException e) {
            // Logged once per topic and kind of failure, then counted: never the record's bytes.
            String kind = topic + ": " + e.getClass().getSimpleName();
            if (undecodable.merge(kind, 1L, Long::sum) == 1) {
                LOG.warn(
                        "skipping a record of {} at partition {} offset {} that the viewer cannot"
                                + " use: {} (further ones are counted, not logged)",
                        topic,
                        r.partition(),
                        r.offset(),
                        e.getMessage());
            }
        }
    }

    private void refreshAssignment() {
        Set<TopicPartition> all = new HashSet<>();
        for (String topic : topics.all()) {
            List<PartitionInfo> partitions;
            try {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            } catch (KafkaException e) {
                LOG.warn("cannot list the partitions of {}: {}", topic, e.toString());
                continue;
            }
            if (partitions == null || partitions.isEmpty()) {
                continue;
            }
            for (PartitionInfo p : partitions) {
                all.add(new TopicPartition(topic, p.partition()));
            }
        }
        if (all.equals(assigned)) {
            return;
        }
        List<TopicPartition> added = new ArrayList<>(all);
        added.removeAll(assigned);
        consumer.assign(all);
        positionNew(added);
        assigned.clear();
        assigned.addAll(all);
        LOG.info("reading {} partitions of {}", all.size(), topics.all());
    }

    private void positionNew(Collection<TopicPartition> added) {
        List<TopicPartition> fromEnd = new ArrayList<>();
        List<TopicPartition> fromStart = new ArrayList<>();
        List<TopicPartition> fromHistory = new ArrayList<>();
        for (TopicPartition tp : added) {
            if (tp.topic().equals(topics.frames())) {
                fromEnd.add(tp);
            } else if (tp.topic().equals(topics.status())) {
                fromStart.add(tp);
            } else {
                fromHistory.add(tp);
            }
        }
        consumer.seekToEnd(fromEnd);
        consumer.seekToBeginning(fromStart);
        if (!fromHistory.isEmpty()) {
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(fromHistory);
            Map<TopicPartition, Long> end = consumer.endOffsets(fromHistory);
            for (TopicPartition tp : fromHistory) {
                consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - history));
            }
        }
    }

    /** Records skipped because they did not decode, by topic and failure. */
    public Map<String, Long> undecodable() {
        return Map.copyOf(undecodable);
    }

    /** Asks the reader to stop; its thread closes the consumer. */
    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }
}
