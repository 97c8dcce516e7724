package io.ferstream.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Identity map that fails once, in the job's first attempt, on the first element after a checkpoint
 * has completed: the failure Flink's own connector tests inject to prove exactly-once. In that
 * first attempt it also slows every element down a little, so that checkpoints complete while input
 * remains however fast the machine is. It leaves a marker file so the test can check that the
 * failure really happened.
 *
 * <p>Run the job with {@link #withShortAnalysisQueue}: the face analysis drains its queue into this
 * map before each checkpoint barrier, so with the default queue a small input can pass here in full
 * before the first checkpoint completes, and the failure never comes.
 */
final class FailOnceAfterCheckpoint<T> extends RichMapFunction<T, T> implements CheckpointListener {

    private static final long serialVersionUID = 1L;

    private static final long SLOWDOWN_MILLIS = 40;

    private final String marker;
    private transient boolean checkpointDone;
    private transient boolean firstAttempt;
    private transient int passed;

    FailOnceAfterCheckpoint(Path marker) {
        this.marker = marker.toString();
    }

    /**
     * The job's configuration with two frames in flight per analysis subtask, so that input remains
     * behind the first completed checkpoint: the sources are held back instead of filling the
     * queue.
     */
    static Map<String, String> withShortAnalysisQueue(Map<String, String> config) {
        config.put("analysis.capacity", "2");
        return config;
    }

    @Override
    public void open(OpenContext context) {
        firstAttempt = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointDone = true;
    }

    @Override
    public T map(T value) throws IOException, InterruptedException {
        if (firstAttempt) {
            Thread.sleep(SLOWDOWN_MILLIS);
        }
        if (firstAttempt && checkpointDone && !Files.exists(Path.of(marker))) {
            Files.writeString(
                    Path.of(marker),
                    "failed after a completed checkpoint, on element "
                            + (passed + 1)
                            + " of its subtask");
            throw new IllegalStateException("injected failure after a completed checkpoint");
        }
        passed++;
        return value;
    }
}
