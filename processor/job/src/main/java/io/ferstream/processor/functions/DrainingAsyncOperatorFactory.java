package io.ferstream.processor.functions;

import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.functions.async.AsyncFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperator;
import org.apache.flink.streaming.api.operators.legacy.YieldingOperatorFactory;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;
import org.apache.flink.streaming.util.retryable.AsyncRetryStrategies;

/**
 * Flink's ordered async operator, except that the elements in flight are emitted before each
 * checkpoint barrier instead of stored in the checkpoint.
 *
 * <p>Why: Flink keeps the elements in flight as operator list state, which a restore at another
 * parallelism deals out round-robin. A camera's frames that were in flight then come back on
 * another subtask than the one that now reads the camera's partition, its newer frames can reach
 * tracking first, and tracking drops the older ones as out of order: the chaos harness lost the
 * events of those frames on every rescale under load. Drained, a checkpoint holds no frame in
 * flight, each frame's result is in the state and the transaction of the checkpoint whose source
 * offset is past it, and a restore at any parallelism reads on in order.
 *
 * <p>Cost: a barrier waits until the frames in flight on its subtask are analysed (at most the
 * operator's capacity, with the analysis timeout as the bound); the wait shows in the checkpoint's
 * duration. The source reads nothing meanwhile, as it would not in an aligned checkpoint either.
 */
public final class DrainingAsyncOperatorFactory<IN, OUT> extends AbstractStreamOperatorFactory<OUT>
        implements OneInputStreamOperatorFactory<IN, OUT>, YieldingOperatorFactory<OUT> {

    private static final long serialVersionUID = 1L;

    private final AsyncFunction<IN, OUT> function;
    private final long timeoutMillis;
    private final int capacity;

    /**
     * @param timeoutMillis how long one element may take before the job fails
     * @param capacity elements in flight per subtask
     */
    public DrainingAsyncOperatorFactory(
            AsyncFunction<IN, OUT> function, long timeoutMillis, int capacity) {
        this.function = function;
        this.timeoutMillis = timeoutMillis;
        this.capacity = capacity;
        this.chainingStrategy = ChainingStrategy.ALWAYS; // as Flink's: chained to the source
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends StreamOperator<OUT>> T createStreamOperator(
            StreamOperatorParameters<OUT> parameters) {
        return (T)
                new DrainingAsyncWaitOperator<>(
                        parameters,
                        function,
                        timeoutMillis,
                        capacity,
                        processingTimeService,
                        getMailboxExecutor());
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
        return DrainingAsyncWaitOperator.class;
    }

    /** The operator the factory makes. */
    static final class DrainingAsyncWaitOperator<IN, OUT> extends AsyncWaitOperator<IN, OUT> {

        private static final long serialVersionUID = 1L;

        DrainingAsyncWaitOperator(
                StreamOperatorParameters<OUT> parameters,
                AsyncFunction<IN, OUT> function,
                long timeoutMillis,
                int capacity,
                ProcessingTimeService timers,
                MailboxExecutor mailbox) {
            super(
                    parameters,
                    function,
                    timeoutMillis,
                    capacity,
                    AsyncDataStream.OutputMode.ORDERED,
                    AsyncRetryStrategies.NO_RETRY_STRATEGY,
                    timers,
                    mailbox);
        }

        @Override
        public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
            // endInput() is the operator's own drain: it yields to the mailbox, which emits the
            // completed elements (and fires their timeouts), until the queue is empty. No input
            // is taken meanwhile, so the snapshot that follows finds the queue empty.
            endInput();
            super.prepareSnapshotPreBarrier(checkpointId);
        }
    }
}
