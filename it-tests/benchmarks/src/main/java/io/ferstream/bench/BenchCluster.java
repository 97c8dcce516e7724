package io.ferstream.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.metrics.MetricRegistryConfiguration;
import org.apache.flink.runtime.metrics.MetricRegistryImpl;
import org.apache.flink.runtime.metrics.ReporterSetup;
import org.apache.flink.runtime.metrics.filter.ReporterFilter;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * One local Flink cluster (one TaskManager, as on a one-machine deployment) for every run of the
 * benchmark, with {@link JobMetricsCapture} plugged into its metric registry. Started once, so
 * cluster start-up is not part of any job's wall time.
 */
final class BenchCluster implements AutoCloseable {

    private final MiniCluster cluster;
    private final JobMetricsCapture metrics = new JobMetricsCapture();

    BenchCluster(int slots) throws Exception {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        conf.set(RestOptions.BIND_PORT, "0"); // other stacks on the machine may hold 8081
        MiniClusterConfiguration config =
                new MiniClusterConfiguration.Builder()
                        .setConfiguration(conf)
                        .setNumTaskManagers(1)
                        .setNumSlotsPerTaskManager(slots)
                        .build();
        JobMetricsCapture capture = metrics;
        cluster =
                new MiniCluster(config) {
                    @Override
                    protected MetricRegistryImpl createMetricRegistry(
                            Configuration c, long maximumFrameSize) {
                        // Reporters are otherwise found only through ServiceLoader; this one is
                        // handed in directly.
                        return new MetricRegistryImpl(
                                MetricRegistryConfiguration.fromConfiguration(c, maximumFrameSize),
                                List.of(
                                        new ReporterSetup(
                                                "bench",
                                                new MetricConfig(),
                                                capture,
                                                ReporterFilter.getNoOpFilter(),
                                                Map.of())));
                    }
                };
        cluster.start();
    }

    JobMetricsCapture metrics() {
        return metrics;
    }

    JobID submit(StreamGraph graph) throws Exception {
        return cluster.submitJob(graph).get().getJobID();
    }

    /** Waits for the job's end and fails with the job's own error if it did not succeed. */
    void awaitSuccess(JobID job) throws Exception {
        JobResult result = cluster.requestJobResult(job).get();
        if (!result.isSuccess()) {
            Throwable error =
                    result.getSerializedThrowable()
                            .map(t -> t.deserializeError(BenchCluster.class.getClassLoader()))
                            .orElse(null);
            throw new IllegalStateException(
                    "job " + job + " ended " + result.getApplicationStatus(), error);
        }
    }

    /** Waits until every task of the job runs and the analyzer opened its models. */
    void awaitRunning(JobID job, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JobStatus status = cluster.getJobStatus(job).get();
            if (status.isTerminalState()) {
                awaitSuccess(job); // throws with the cause
                throw new IllegalStateException("job " + job + " ended before it ran: " + status);
            }
            if (status == JobStatus.RUNNING && metrics.analyzerOpen()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("job " + job + " not running after " + timeout);
    }

    void cancel(JobID job) throws Exception {
        cluster.cancelJob(job).get();
        try {
            cluster.requestJobResult(job).get();
        } catch (Exception ignored) {
            // cancelled: its result is a failure by design
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
