package io.ferstream.viewer.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the job has processed the frames topic: the offsets its Kafka source commits to its
 * consumer group when a checkpoint completes, the same moment its sink commits that checkpoint's
 * events. A frame below the committed offset has been processed and its events are visible to
 * {@code read_committed} readers. The two commits are not ordered against each other, and the
 * viewer's own consumer needs a moment to read the events, so a frame counts as covered only {@code
 * graceMs} after the offset passed it.
 */
public final class JobProgress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobProgress.class);

    /** Steps remembered per partition: enough for the frames waiting in the delay lines. */
    private static final int STEPS = 256;

    private record Step(long offset, long atMs) {}

    private final Admin admin;
    private final String groupId;
    private final String framesTopic;
    private final long graceMs;
    private final Map<Integer, Deque<Step>> steps = new HashMap<>();
    private String lastError;

    public JobProgress(
            Map<String, Object> clientProperties,
            String groupId,
            String framesTopic,
            long graceMs) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "ferstream-viewer-progress");
        this.admin = Admin.create(props);
        this.groupId = groupId;
        this.framesTopic = framesTopic;
        this.graceMs = graceMs;
    }

    /** Reads the job's committed offsets once (a timer calls this). */
    public void refresh() {
        long now = System.currentTimeMillis();
        Map<TopicPartition, OffsetAndMetadata> offsets;
        try {
            offsets =
                    admin.listConsumerGroupOffsets(groupId)
                            .partitionsToOffsetAndMetadata()
                            .get(5, TimeUnit.SECONDS);
            if (lastError != null) {
                LOG.info("reading the job's progress (group {}) again", groupId);
                lastError = null;
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String error = e.toString();
            if (!error.equals(lastError)) {
                LOG.warn(
                        "cannot read the job's committed offsets (group {}): {}; frames are shown"
                                + " fully blurred after their wait",
                        groupId,
                        error);
                lastError = error;
            }
            return;
        }
        synchronized (this) {
            offsets.forEach(
                    (tp, om) -> {
                        if (om == null || !tp.topic().equals(framesTopic)) {
                            return;
                        }
                        Deque<Step> partition =
                                steps.computeIfAbsent(tp.partition(), p -> new ArrayDeque<>());
                        Step last = partition.peekLast();
                        if (last == null || om.offset() > last.offset()) {
                            partition.addLast(new Step(om.offset(), now));
                            while (partition.size() > STEPS) {
                                partition.removeFirst();
                            }
                        }
                    });
        }
    }

    /**
     * Whether the job had processed the record at {@code offset} of {@code partition} at least the
     * grace period before {@code nowMs}.
     */
    public synchronized boolean covered(int partition, long offset, long nowMs) {
        Deque<Step> partitionSteps = steps.get(partition);
        if (partitionSteps == null) {
            return false;
        }
        // The first step whose committed offset passed the record: when it passed.
        for (Step s : partitionSteps) {
            if (s.offset() > offset) {
                return nowMs - s.atMs() >= graceMs;
            }
        }
        return false;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
