package io.ferstream.it;

import static io.ferstream.it.LiveRun.canonical;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.EmbeddedStackExtension;
import io.ferstream.stack.KafkaTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A TaskManager dies in live mode, the default, while two cameras produce in real time: the
 * committed events equal those of an undisturbed run over the same frames. With freshness judged by
 * the clock at reading, as before, this fails: the restart skipped re-read frames as stale.
 */
@ExtendWith(EmbeddedStackExtension.class)
class LiveRecoveryIT {

    @Test
    void shouldCommitTheSameEventsWhenATaskManagerDiesMidStream(EmbeddedStack stack)
            throws Exception {
        // configure: two cameras whose faces come and go, a job in live mode on two TaskManagers
        LiveRun.Cluster kafka = LiveRun.Cluster.of(stack);
        String frames = KafkaTestSupport.newTopic(stack, "live-frames", 2);
        String events = KafkaTestSupport.newTopic(stack, "live-events", 2);
        String replayed = KafkaTestSupport.newTopic(stack, "replayed-events", 2);
        String dlq = KafkaTestSupport.newTopic(stack, "live-dlq", 1);

        try (MiniCluster flink = LiveRun.miniCluster(2);
                LiveRun.CommittedReader reader = new LiveRun.CommittedReader(kafka, events)) {
            flink.start();
            JobID job = LiveRun.submit(flink, LiveRun.liveConfig(kafka, frames, events, dlq));
            LiveRun.waitUntilRunning(flink, job);

            // act: the cameras produce in real time; a TaskManager dies mid-stream and a
            // replacement starts, as an operator's supervisor would do
            long killedAt =
                    LiveRun.produceInRealTime(
                            kafka,
                            frames,
                            () -> {
                                flink.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
                                flink.startTaskManager();
                            });
            LiveRun.waitForAllTracksToEnd(reader, Duration.ofSeconds(90));
            AccessExecutionGraph graph = flink.getExecutionGraph(job).get(10, TimeUnit.SECONDS);
            flink.cancelJob(job).get(30, TimeUnit.SECONDS);
            List<String> undisturbed =
                    canonical(LiveRun.undisturbed(flink, kafka, frames, replayed, dlq));

            // verify
            long restarting = graph.getStatusTimestamp(JobStatus.RESTARTING);
            assertTrue(restarting > 0, "the TaskManager's death must have restarted the job");
            List<String> afterFailure = canonical(reader.events());
            LiveRun.assertSameEvents(undisturbed, afterFailure);
            long[] before =
                    reader.events().stream()
                            .filter(e -> e.getEventTime().toEpochMilli() < killedAt - 2_000)
                            .mapToLong(e -> reader.visibleAt(e) - e.getEventTime().toEpochMilli())
                            .sorted()
                            .toArray();
            System.out.printf(
                    "[live-recovery] %d events; restarting %d ms after the kill, running again"
                            + " after %d ms; first event of a frame captured after the kill"
                            + " visible %d ms after it; before the kill, events visible a median"
                            + " of %d ms after capture%n",
                    afterFailure.size(),
                    restarting - killedAt,
                    graph.getStatusTimestamp(JobStatus.RUNNING) - killedAt,
                    reader.firstVisibleCapturedAfter(killedAt) - killedAt,
                    before.length == 0 ? -1 : before[before.length / 2]);
        }
    }
}
