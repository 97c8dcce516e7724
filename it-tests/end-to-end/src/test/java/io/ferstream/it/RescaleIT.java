package io.ferstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferstream.processor.config.JobConfig;
import io.ferstream.processor.job.FerStreamJob;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.EmbeddedStackExtension;
import io.ferstream.stack.KafkaTestSupport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * How an operator rescales the live job: stop-with-savepoint while frames stream, then the same job
 * from that savepoint at another parallelism. The events must be those of an undisturbed run, none
 * twice, and the stop must end the job (not turn into a restart).
 */
@ExtendWith(EmbeddedStackExtension.class)
class RescaleIT {

    @Test
    void shouldCommitTheSameEventsWhenStoppedWithASavepointAndRestoredAtParallelismThree(
            EmbeddedStack stack, @TempDir Path savepoints) throws Exception {
        // configure: two cameras in live mode, on three partitions and three TaskManagers
        LiveRun.Cluster kafka = LiveRun.Cluster.of(stack);
        String frames = KafkaTestSupport.newTopic(stack, "rescale-frames", 3);
        String events = KafkaTestSupport.newTopic(stack, "rescale-events", 2);
        String replayed = KafkaTestSupport.newTopic(stack, "rescale-replayed", 2);
        String dlq = KafkaTestSupport.newTopic(stack, "rescale-dlq", 1);
        Map<String, String> config = LiveRun.liveConfig(kafka, frames, events, dlq);

        try (MiniCluster flink = LiveRun.miniCluster(3);
                LiveRun.CommittedReader reader = new LiveRun.CommittedReader(kafka, events)) {
            flink.start();
            JobID first = LiveRun.submit(flink, config);
            LiveRun.waitUntilRunning(flink, first);
            AtomicReference<JobID> second = new AtomicReference<>();

            // act: mid-stream, stop with a savepoint and go on from it at parallelism 3
            LiveRun.produceInRealTime(
                    kafka,
                    frames,
                    () -> {
                        String savepoint =
                                flink.stopWithSavepoint(
                                                first,
                                                savepoints.toUri().toString(),
                                                false,
                                                SavepointFormatType.CANONICAL)
                                        .get(60, TimeUnit.SECONDS);
                        config.put("parallelism", "3");
                        second.set(restore(flink, config, savepoint));
                    });
            LiveRun.waitUntilRunning(flink, second.get());
            LiveRun.waitForAllTracksToEnd(reader, java.time.Duration.ofSeconds(90));
            JobStatus stopped = flink.getJobStatus(first).get(10, TimeUnit.SECONDS);
            int parallelism =
                    flink.getExecutionGraph(second.get())
                            .get(10, TimeUnit.SECONDS)
                            .getAllVertices()
                            .values()
                            .iterator()
                            .next()
                            .getParallelism();
            flink.cancelJob(second.get()).get(30, TimeUnit.SECONDS);
            List<String> undisturbed =
                    canonical(LiveRun.undisturbed(flink, kafka, frames, replayed, dlq));

            // verify
            assertEquals(JobStatus.FINISHED, stopped, "the stop ended the first job");
            assertEquals(3, parallelism);
            List<String> afterRescale = canonical(reader.events());
            LiveRun.assertSameEvents(undisturbed, afterRescale);
            System.out.printf(
                    "[rescale] stopped with a savepoint at parallelism 2, restored at 3: %d"
                            + " events%n",
                    afterRescale.size());
        }
    }

    private static JobID restore(MiniCluster flink, Map<String, String> config, String savepoint)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FerStreamJob.fromConfig(JobConfig.fromMap(config)).build(env);
        StreamGraph graph = env.getStreamGraph();
        graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint));
        return flink.submitJob(graph).get(30, TimeUnit.SECONDS).getJobID();
    }

    private static List<String> canonical(List<ExpressionEvent> events) {
        return events.stream().map(PipelineFixtures::canonical).sorted().toList();
    }
}
