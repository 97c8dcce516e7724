package io.ferstream.viewer.flink;

/**
 * How the FerStream job is, from Flink's REST API.
 *
 * @param reachable whether the REST API answered
 * @param error what went wrong when it did not, or when no job was found; else null
 * @param jobId the job's id, or null
 * @param jobName its name, or null
 * @param state its state (RUNNING, RESTARTING, FAILED, ...), or null
 * @param restarts how often it restarted ({@code numRestarts}), or -1 if not known
 * @param checkpointsCompleted completed checkpoints
 * @param checkpointsFailed failed checkpoints
 * @param lastCheckpointId the latest completed checkpoint's id, or -1
 * @param lastCheckpointAtMs when it completed (latest acknowledgement), or 0
 * @param lastCheckpointDurationMs how long it took end to end, or -1
 * @param backpressure the worst level over the job's vertices (ok, low, high), or null
 * @param backpressuredVertex the vertex with the highest backpressure ratio, or null
 * @param fetchedAtMs wall clock of this reading
 */
public record JobHealth(
        boolean reachable,
        String error,
        String jobId,
        String jobName,
        String state,
        long restarts,
        long checkpointsCompleted,
        long checkpointsFailed,
        long lastCheckpointId,
        long lastCheckpointAtMs,
        long lastCheckpointDurationMs,
        String backpressure,
        String backpressuredVertex,
        long fetchedAtMs) {

    /** Flink did not answer, or answered what the viewer cannot use. */
    public static JobHealth unreachable(String error, long nowMs) {
        return new JobHealth(
                false, error, null, null, null, -1, 0, 0, -1, 0, -1, null, null, nowMs);
    }

    /** Flink answered, but runs no job to show. */
    public static JobHealth noJob(String error, long nowMs) {
        return new JobHealth(true, error, null, null, null, -1, 0, 0, -1, 0, -1, null, null, nowMs);
    }
}
