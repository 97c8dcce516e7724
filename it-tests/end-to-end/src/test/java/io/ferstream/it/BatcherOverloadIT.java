package io.ferstream.it;

import static io.ferstream.it.PipelineFixtures.GROUP;
import static io.ferstream.it.PipelineFixtures.frame;
import static io.ferstream.it.PipelineFixtures.jobConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.processor.config.JobConfig;
import io.ferstream.processor.job.FerStreamJob;
import io.ferstream.registry.AvroDeserializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.EmbeddedStackExtension;
import io.ferstream.stack.KafkaTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Four slots replay four cameras' group photos as fast as they can read them into models whose
 * batchers hold one request and run one at a time: the models are far slower than the input. The
 * submissions wait for room (counted in {@code submissionsWaited}), so the frames behind them wait
 * in the async operator and the source slows down. The job never fails (it may not restart at all),
 * and its events are exactly those of the same job with roomy batchers.
 */
@ExtendWith(EmbeddedStackExtension.class)
class BatcherOverloadIT {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    private static final int SLOTS = 4;
    private static final int CAMERAS = 4;
    private static final int FRAMES_PER_CAMERA = 10;

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(SLOTS)
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .build());

    @Test
    void batchersOfOnePlaceSlowTheSourceAndTheJobNeitherFailsNorLosesAnEvent(EmbeddedStack stack)
            throws Exception {
        // configure: four cameras on four partitions, three faces a frame
        String frames = KafkaTestSupport.newTopic(stack, "overloaded-frames", CAMERAS);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (var writer = new PipelineFixtures.FrameWriter(stack, frames)) {
            for (int i = 0; i < FRAMES_PER_CAMERA; i++) {
                for (int c = 0; c < CAMERAS; c++) {
                    records.add(writer.record(frame("cam-" + c, i, i * 200L, GROUP, 1920, 1280)));
                }
            }
        }
        KafkaTestSupport.produceRaw(stack, records);

        // the reference: roomy batchers (the defaults)
        String roomyEvents = KafkaTestSupport.newTopic(stack, "roomy-events", 2);
        long roomyStart = System.nanoTime();
        Run roomy = run(stack, frames, roomyEvents, Map.of());
        long roomyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - roomyStart);

        // act: batchers of one place and one item, and no restart allowed
        String tightEvents = KafkaTestSupport.newTopic(stack, "tight-events", 2);
        long tightStart = System.nanoTime();
        Run tight =
                run(
                        stack,
                        frames,
                        tightEvents,
                        Map.of(
                                "inference.detector.queue", "1",
                                "inference.detector.max-batch", "1",
                                "inference.classifier.queue", "1",
                                "inference.classifier.max-batch", "1",
                                "restart.attempts", "0"));
        long tightMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - tightStart);

        // verify: the submissions waited, none was refused, and the events are the same
        long waited = sum(tight.job(), "submissionsWaited");
        long refused = sum(tight.job(), "rejectedRequests");
        System.out.printf(
                "[batcher-overload] %d slots, %d frames: roomy %d ms (%d waits), batchers of one"
                        + " %d ms, %d submissions waited for room, %d refused, %d events%n",
                SLOTS,
                records.size(),
                roomyMillis,
                sum(roomy.job(), "submissionsWaited"),
                tightMillis,
                waited,
                refused,
                tight.events().size());
        assertTrue(waited > 0, "the batchers were full: submissions waited");
        assertEquals(0, refused, "a full batcher is backpressure, never a refusal");
        assertTrue(roomy.events().size() >= 2 * CAMERAS * 3, "tracks of every face: " + roomy);
        assertEquals(roomy.events(), tight.events());
    }

    private record Run(JobID job, List<String> events) {}

    /** The job replaying {@code frames} to its end with {@code overrides}; its canonical events. */
    private static Run run(
            EmbeddedStack stack, String frames, String events, Map<String, String> overrides)
            throws Exception {
        String dlq = KafkaTestSupport.newTopic(stack, "overload-dlq", 1);
        Map<String, String> config = jobConfig(stack, frames, events, dlq);
        config.put("parallelism", Integer.toString(SLOTS));
        config.putAll(overrides);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FerStreamJob.fromConfig(JobConfig.fromMap(config)).build(env);
        JobClient client = env.executeAsync("batcher-overload");
        client.getJobExecutionResult().get(5, TimeUnit.MINUTES);
        List<ExpressionEvent> emitted =
                KafkaTestSupport.consumeCommitted(
                        stack,
                        events,
                        new AvroDeserializer<>(
                                ExpressionEvent.class, RegistryConfig.of(stack.registryUrl())));
        assertEquals(
                List.of(),
                KafkaTestSupport.consumeCommitted(stack, dlq, new ByteArrayDeserializer()),
                "no dead letter");
        return new Run(
                client.getJobID(),
                emitted.stream().map(PipelineFixtures::canonical).sorted().toList());
    }

    /** The sum over every subtask and model of the counter {@code name}. */
    private static long sum(JobID job, String name) {
        long total = 0;
        for (Map.Entry<String, Metric> metric : METRICS.findMetrics(job, name).entrySet()) {
            if (metric.getKey().endsWith("." + name) && metric.getValue() instanceof Counter c) {
                total += c.getCount();
            }
        }
        return total;
    }
}
