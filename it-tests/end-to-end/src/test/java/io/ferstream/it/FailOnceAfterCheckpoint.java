package io.ferstream.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Identity map that fails once, in the job's first attempt, on the first element after a checkpoint
 * has completed: the failure Flink's own connector tests inject to prove exactly-once. In that
 * first attempt it also slows every element down a little, so that checkpoints complete while input
 * remains however fast the machine is. It leaves a marker file so the test can check that the
 * failure really happened.
 */
final class FailOnceAfterCheckpoint<T> extends RichMapFunction<T, T> implements CheckpointListener {

    private static final long serialVersionUID = 1L;

    private static final long SLOWDOWN_MILLIS = 40;

    private final String marker;
    private transient boolean checkpointDone;
    private transient boolean firstAttempt;

    FailOnceAfterCheckpoint(Path marker) {
        this.marker = marker.toString();
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
            Files.writeString(Path.of(marker), "failed after a completed checkpoint");
            throw new IllegalStateException("injected failure after a completed checkpoint");
        }
        return value;
    }
}
